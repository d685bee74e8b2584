// Opens Focal Lab (this folder, as an extension in development) in a real VS Code: the desktop
// `code` command when there is one, else VS Code in the browser through code-server on
// 127.0.0.1, printing the URL and serving until Ctrl-C.
'use strict';
const { spawnSync } = require('child_process');
const { root, makeTempDir, startCodeServer, workbenchUrl, log } = require('./codeServer');

function desktopCode() {
  const found = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.split('\n')[0].trim() : null;
}

async function openInVsCode({ workspace }) {
  const code = desktopCode();
  if (code && !process.env.FOCAL_LAB_BROWSER) {
    log(`opening desktop VS Code: ${code} --extensionDevelopmentPath=${root} ${workspace}`);
    const result = spawnSync(code, [`--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' });
    return result.status ?? 0;
  }
  log('no desktop `code` command: starting VS Code in the browser (code-server; the first start installs it, ~2 minutes)');
  const server = await startCodeServer({ dir: makeTempDir() });
  const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root });
  process.stdout.write(`\nFocal Lab is running in VS Code at:\n\n  ${url}\n\nOpen it in a browser on this machine; right-click imbalanced-90-10.csv and choose "Compare Losses".\nPress Ctrl-C to stop.\n`);
  await new Promise((resolve) => server.process.once('exit', resolve));
  return 0;
}

module.exports = { openInVsCode };
