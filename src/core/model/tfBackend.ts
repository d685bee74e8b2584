// Picks the TensorFlow.js backend: WebAssembly (SIMD, its .wasm files ship next to the
// bundle) when it starts, else the pure-JS CPU backend, which is slower but always works.

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'path';

export type BackendName = 'wasm' | 'cpu';

let ready: Promise<string> | undefined;

/**
 * @param wasmDirectory folder holding tfjs-backend-wasm*.wasm (the bundle's `wasm/` folder).
 */
export function initialiseBackend(preferred: BackendName, wasmDirectory: string): Promise<string> {
  ready ??= (async () => {
    // Production mode silences TensorFlow.js's console notes, among them the CPU backend's banner
    // that suggests installing tfjs-node, printed once per training thread into the CLI's output.
    tf.enableProdMode();
    if (preferred === 'wasm') {
      try {
        setWasmPaths(wasmDirectory.endsWith(path.sep) ? wasmDirectory : wasmDirectory + path.sep);
        if (await tf.setBackend('wasm')) {
          await tf.ready();
          return 'wasm';
        }
      } catch {
        // Fall through to the CPU backend; the result records which backend ran.
      }
    }
    await tf.setBackend('cpu');
    await tf.ready();
    return 'cpu';
  })();
  return ready;
}
