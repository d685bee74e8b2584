// The .vsix as a user installs it: only the files .vscodeignore lets through (bundles, wasm,
// media), no extension-development path. Compare Losses must work from the package alone.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasSelector, startVsCodeSession, waitForCanvasInk, type VsCodeSession } from './harness';

const root = path.resolve(__dirname, '..', '..');

describe('The packaged extension (e2e)', function () {
  this.timeout(600_000);
  let session: VsCodeSession;
  let vsix: string;

  before(async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-vsix-'));
    vsix = path.join(folder, 'focal-lab.vsix');
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js'), '--production', '--no-types'], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(build.status, 0, build.stderr);
    const vsce = spawnSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(vsce.status, 0, vsce.stderr || vsce.stdout);
    session = await startVsCodeSession({ vsix, extensionDevelopmentPath: null, settings: { 'focalLab.epochs': 3 } });
  });

  after(async () => {
    await session?.close();
    // Leave the development build as the other tests expect it.
    spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js'), '--no-types'], { cwd: root });
  });

  it('is small and holds only what runs', () => {
    assert.ok(fs.statSync(vsix).size < 2_000_000, `${fs.statSync(vsix).size} bytes`);
  });

  it('compares losses from the Explorer with nothing but the package installed', async () => {
    await session.chooseExplorerMenuEntry('imbalanced-90-10.csv', /^Compare Losses$/);
    const panel = await session.webviewFrame(hasSelector('[data-focal-lab-panel]'));
    await panel.locator('[data-testid="metrics-table"]').waitFor({ state: 'visible', timeout: 120_000 });
    assert.ok(await waitForCanvasInk(panel, '[data-testid="roc-chart"]'));
    assert.ok(await waitForCanvasInk(panel, '[data-testid="region-alpha-focal"]'));
    assert.ok(await waitForCanvasInk(panel, '[data-testid="difference-chart"]'));
    assert.match(await panel.locator('[data-testid="verdict"]').innerText(), /BCE/);
  });
});
