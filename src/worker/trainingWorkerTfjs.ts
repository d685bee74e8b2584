// TensorFlow.js for the training thread, bundled apart (dist/trainingWorkerTfjs.js): a thread
// that trains with the WebAssembly kernel, the default, never reads or compiles it (4.7 MB of
// the 4.9 MB bundle, about half a second per thread). scripts/build.js points the training
// worker's imports of these two modules here.
export * from '../core/model/tfBackend';
export * from '../core/model/tfjsTrainer';
