// End to end in a real browser session of VS Code (npm run test:e2e): the workbench opens on a
// copy of samples/ with Focal Lab as the extension under development, and the Explorer lists
// the sample CSV. Leaves a screenshot a person can look at: test-results/e2e-workbench.png.
import * as assert from 'assert';
import * as fs from 'fs';
import { startVsCodeSession, type VsCodeSession } from './harness';

describe('VS Code workbench (e2e)', () => {
  let session: VsCodeSession;

  before(async () => {
    session = await startVsCodeSession();
    const t = session.timings;
    console.log(`      session ready: code-server ${t.server} ms, browser ${t.browser} ms, workbench ${t.workbench} ms`);
  });

  after(async () => {
    await session?.close();
  });

  it('shows the sample CSV in the Explorer', async () => {
    const row = session.explorerItem('imbalanced-90-10.csv');
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.strictEqual(await row.count(), 1);
  });

  it('saves a screenshot of the workbench', async () => {
    const file = await session.screenshot('e2e-workbench');
    assert.ok(fs.statSync(file).size > 10_000, `${file} is suspiciously small`);
  });
});
