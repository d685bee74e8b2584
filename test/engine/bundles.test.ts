// What the built training thread loads. Every comparison starts up to four training threads at
// once, at the end of data preparation; with TensorFlow.js inside, each parsed 4.9 MB of JavaScript
// (about 170 ms of CPU, at normal priority) while the default kernel needs none of it. Sizes and
// contents, not times: they do not depend on the machine.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const dist = path.resolve(__dirname, '..', '..', 'dist');

describe('the training thread bundle (built dist/)', () => {
  it('leaves TensorFlow.js out: it is its own bundle, required only when TensorFlow.js trains', () => {
    const worker = fs.readFileSync(path.join(dist, 'trainingWorker.js'), 'utf8');
    const engine = fs.readFileSync(path.join(dist, 'tfjsEngine.js'), 'utf8');
    // Kernel names are string literals: they survive minification, unlike module paths.
    assert.ok(!/@tensorflow|"BatchMatMul"/.test(worker), 'no TensorFlow.js code in trainingWorker.js');
    assert.ok(worker.length < 500_000, `trainingWorker.js is ${worker.length} bytes`);
    assert.ok(/"BatchMatMul"/.test(engine) && /tfjsTrainer/.test(engine) && /initialiseBackend/.test(engine), 'tfjsEngine.js carries TensorFlow.js and its trainer');
    assert.ok(/require\("\.\/tfjsEngine\.js"\)/.test(worker), 'the training thread requires it from beside itself');
    const shipped = fs.readFileSync(path.join(dist, '..', '.vscodeignore'), 'utf8');
    assert.ok(/^!dist\/tfjsEngine\.js$/m.test(shipped), 'the .vsix ships it');
  });
});
