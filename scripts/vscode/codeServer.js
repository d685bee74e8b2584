// A real VS Code for the tests, shared by the extension-test launcher (runExtensionTests.js)
// and the end-to-end harness (test/e2e/harness.ts): start code-server (VS Code's server, whose
// extension host is a real Node process) on a free loopback port, open its workbench in Debian's
// Chromium through playwright-core, and clean everything up, also on Ctrl-C.
// See shared/notes/real-vscode-here.md for why each flag is here. Types: codeServer.d.ts.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { install } = require('./installCodeServer');

const root = path.resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';
const CHROMIUM = process.env.FOCAL_LAB_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// User settings for a quiet, predictable workbench: no welcome page, no update or telemetry
// traffic, no AI side panel stealing the layout.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
};

const log = (message) => process.stderr.write(`[vscode] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started here is registered, and torn down on close(), on process exit
// (synchronously: SIGKILL to the process group) and on SIGINT/SIGTERM.
const cleanups = new Set();
let signalHandlersInstalled = false;
let stoppedBy = null;

/** The signal (SIGINT…) that is stopping this process, or null. */
function stoppingSignal() {
  return stoppedBy;
}

function registerCleanup(entry) {
  cleanups.add(entry);
  if (!signalHandlersInstalled) {
    signalHandlersInstalled = true;
    process.on('exit', () => {
      for (const c of cleanups) c.sync();
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(signal, () => {
        stoppedBy = signal;
        log(`${signal}: stopping code-server and the browser`);
        const timer = setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 5000);
        Promise.allSettled([...cleanups].map((c) => c.async())).finally(() => {
          clearTimeout(timer);
          process.exit(signal === 'SIGINT' ? 130 : 143);
        });
      });
    }
  }
  return () => cleanups.delete(entry);
}

// ---------------------------------------------------------------------------------------------
// Folders

const TEMP_PREFIXES = ['focal-lab-vscode-', 'focal-lab-e2e-'];
const KEEP_TEMP_MS = 6 * 3600_000;

/** A fresh temp folder; also removes this harness's folders older than 6 hours (kept after failures). */
function makeTempDir(prefix = TEMP_PREFIXES[0]) {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!TEMP_PREFIXES.some((p) => name.startsWith(p))) continue;
    const full = path.join(tmp, name);
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > KEEP_TEMP_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
  return fs.mkdtempSync(path.join(tmp, prefix));
}

/** A fresh copy of `source` (default: the repo's samples/) at `target`, so tests may write. */
function copyWorkspace(target, source = path.join(root, 'samples')) {
  fs.cpSync(source, target, { recursive: true });
  return target;
}

// ---------------------------------------------------------------------------------------------
// code-server

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole group: server, extension host, pty host, watchers
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function untilExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function startOnce({ dir, env, extraArgs, settings, readyTimeoutMs }) {
  const installed = await install();
  const port = await freePort();
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.writeFileSync(settingsFile, `${JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2)}\n`);
  const logFile = path.join(dir, `code-server-${port}.log`);
  const out = fs.openSync(logFile, 'a');

  const childEnv = { ...process.env };
  // Nothing of an outer VS Code or of a TS loader may leak into code-server's Node 24.
  for (const key of Object.keys(childEnv)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key === 'NODE_OPTIONS') delete childEnv[key];
  Object.assign(childEnv, {
    PATH: `${installed.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
    VSCODE_OPTIONS: '--enable-smoke-test-driver', // else the built workbench ignores extension-development parameters
    ...env,
  });
  const args = [
    installed.codeServerEntry,
    '--config', installed.config,
    '--auth', 'none',
    '--bind-addr', `${HOST}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...extraArgs,
  ];
  const started = Date.now();
  const child = spawn(installed.node, args, { cwd: dir, env: childEnv, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const unregister = registerCleanup({
    sync: () => killGroup(child, 'SIGKILL'),
    async: async () => {
      killGroup(child, 'SIGTERM');
      if (!(await untilExit(child, 3000))) killGroup(child, 'SIGKILL');
    },
  });

  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  // Ready when the server answers its health check; fail fast if it dies first.
  const base = `http://${HOST}:${port}`;
  for (;;) {
    if (exited) {
      unregister();
      const text = tail(logFile);
      const error = new Error(`code-server exited (${exited.code ?? exited.signal}) before it was ready. Log ${logFile}:\n${text}`);
      error.addressInUse = /EADDRINUSE/.test(text);
      throw error;
    }
    if ((await httpStatus(`${base}/healthz`)) === 200) break;
    if (Date.now() - started > readyTimeoutMs) {
      killGroup(child, 'SIGKILL');
      unregister();
      throw new Error(`code-server did not answer on ${base}/healthz within ${readyTimeoutMs / 1000} s. Log ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  return {
    port,
    baseUrl: base,
    logFile,
    userDataDir,
    extensionsDir,
    process: child,
    startMs: Date.now() - started,
    async stop() {
      killGroup(child, 'SIGTERM');
      if (!(await untilExit(child, 5000))) {
        killGroup(child, 'SIGKILL');
        await untilExit(child, 5000);
      }
      unregister();
    },
  };
}

/**
 * Starts code-server on a free loopback port, its state (user data, extensions, log) in `dir`;
 * `settings` are merged over USER_SETTINGS into the user settings.
 * Retries on a lost race for the port. Resolves once /healthz answers.
 */
async function startCodeServer({ dir, env = {}, extraArgs = [], settings = {}, readyTimeoutMs = 60_000 } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ dir, env, extraArgs, settings, readyTimeoutMs });
    } catch (error) {
      if (!error.addressInUse || attempt >= 3) throw error;
      log('port taken between choosing and binding it; trying another');
    }
  }
}

/** The workbench URL for a folder, with extension-development parameters in the payload. */
function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, payload = [] }) {
  const remote = (absolute) => `vscode-remote://${HOST}:${server.port}${path.resolve(absolute)}`;
  const entries = [];
  if (extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) entries.push(['extensionTestsPath', remote(extensionTestsPath)]);
  entries.push(['enableProposedApi', ''], ['skipWelcome', 'true'], ...payload);
  const query = [];
  if (folder) query.push(`folder=${encodeURIComponent(remote(folder))}`);
  query.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
  return `${server.baseUrl}/?${query.join('&')}`;
}

// ---------------------------------------------------------------------------------------------
// Chromium

async function launchChromium({ headless = process.env.FOCAL_LAB_HEADED !== '1' } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (bash .ci/vscode-deps.sh) or set FOCAL_LAB_CHROMIUM`);
  }
  const { chromium } = require('playwright-core');
  // Our own handlers close the browser (registerCleanup); playwright's would exit first.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, timeout: 60_000 });
  const unregister = registerCleanup({ sync: () => {}, async: () => browser.close().catch(() => {}) });
  browser.once('disconnected', unregister);
  return browser;
}

module.exports = { stoppingSignal, root, HOST, CHROMIUM, CHROMIUM_ARGS, USER_SETTINGS, makeTempDir, copyWorkspace, startCodeServer, workbenchUrl, launchChromium, registerCleanup, tail, log };
