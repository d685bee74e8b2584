// TensorFlow.js as a bundle of its own (dist/tfjsEngine.js), loaded by a training thread only when
// TensorFlow.js trains (`--backend cpu`, or no WebAssembly SIMD). With it inside, every training
// thread parsed 4.9 MB of JavaScript at start-up (about 170 ms of CPU each, before the thread can
// lower its priority) while the WebAssembly kernel, which trains by default, needs none of it.
export { tfjsTrainer } from '../core/model/tfjsTrainer';
export { initialiseBackend } from '../core/model/tfBackend';
