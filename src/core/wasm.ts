// The few WebAssembly JS-API members the kernels use (the project's lib settings declare none),
// and compiling a kernel shipped as base64.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds pages of 64 KiB; views on the old buffer are detached. */
  grow(pages: number): number;
}
export interface WasmModule {
  readonly __brand: 'WasmModule';
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
export const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The compiled module, or null where WebAssembly (or its SIMD) is not available. */
export function compileWasm(base64: string): WasmModule | null {
  try {
    const bytes = Buffer.from(base64, 'base64');
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}
