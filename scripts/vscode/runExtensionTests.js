#!/usr/bin/env node
// Runs the mocha suites of test/vscode inside a real VS Code extension host.
//
//   node scripts/vscode/runExtensionTests.js [--grep PATTERN] [--suite test|bench]
//
// --suite bench runs test/vscode/*.bench.ts instead of *.test.ts: wall-clock measurements that
// depend on the machine, for `npm run bench`, never for `npm test`.
//
// Two launchers, one suite (out/test/vscode/index.js):
//   - code-server (the default, and the one that works on these machines): VS Code's server with
//     a real Node extension host, its workbench opened in Debian's Chromium; the test output comes
//     back through the page's codeAutomationLog and the result through codeAutomationExit.
//   - desktop VS Code through @vscode/test-electron when FOCAL_LAB_VSCODE=electron (it downloads
//     VS Code, so it needs internet access: a developer's own computer).
// Environment:
//   FOCAL_LAB_VSCODE=electron|code-server   the launcher (default code-server)
//   FOCAL_LAB_TEST_GREP=PATTERN             only matching tests (same as --grep)
//   FOCAL_LAB_VSCODE_TIMEOUT=SECONDS        harness timeout for the whole run (default 600)
//   FOCAL_LAB_SKIP_BUILD=1                  use dist/ and out/ as they are
//   FOCAL_LAB_KEEP_TMP=1                    keep the temp folder (logs, workspace) after success
//   FOCAL_LAB_CACHE                         parent folder of the code-server install (~/.cache/focal-lab)
// Exit code: the tests' (0 when all pass); 2 for a harness failure (timeout, crash).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { install, cacheRoot } = require('./installCodeServer');
const { buildTests } = require('./buildTests');
const util = require('util');
const cs = require('./codeServer');

const root = cs.root;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function parseArgs(argv) {
  const options = { grep: process.env.FOCAL_LAB_TEST_GREP || '', suite: 'test' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grep' || argv[i] === '-g') options.grep = argv[++i] ?? '';
    else if (argv[i].startsWith('--grep=')) options.grep = argv[i].slice('--grep='.length);
    else if (argv[i] === '--suite' && ['test', 'bench'].includes(argv[i + 1])) options.suite = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (usage: runExtensionTests.js [--grep PATTERN] [--suite test|bench])`);
  }
  return options;
}

class HarnessError extends Error {}

// Printed by test/vscode/index.ts around the mocha run.
const MARKER_START = '--- focal-lab extension tests: start ---';
const MARKER_END = '--- focal-lab extension tests: end ---';
// Expected noise on a machine without internet: look-ups of the marketplace, GitHub, telemetry.
// Also the workbench's own tagged start-up lines, which may arrive once the tests have started.
const NOISE = /ENOTFOUND|ECONNREFUSED|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|open-vsx\.org|vscode-unpkg|github\.com|gallery|^\[(AccountPolicyGate|AgentHost[^\]]*|Service Worker|reconnection-grace-time)\]/i;

async function build() {
  if (process.env.FOCAL_LAB_SKIP_BUILD === '1') return path.join(root, 'out', 'test', 'vscode', 'index.js');
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js'), '--no-types'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new HarnessError('the extension build (scripts/build.js) failed');
  const testsPath = await buildTests();
  cs.log(`built the extension and the tests in ${seconds(Date.now() - started)}`);
  return testsPath;
}

async function runWithElectron(testsPath, grep, suite) {
  const { runTests } = require('@vscode/test-electron');
  const dir = cs.makeTempDir();
  const workspace = cs.copyWorkspace(path.join(dir, 'workspace'));
  try {
    await runTests({
      cachePath: path.join(cacheRoot(), 'vscode-test'), // the downloaded VS Code, outside the repository
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(dir, 'user-data')],
      extensionTestsEnv: { FOCAL_LAB_TEST_GREP: grep, FOCAL_LAB_TEST_SUITE: suite, FOCAL_LAB_TEST_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    return 0;
  } catch (error) {
    const message = String(error?.message ?? error);
    console.error(message);
    if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(message)) {
      console.error('[vscode] @vscode/test-electron downloads desktop VS Code and cannot reach its servers here; unset FOCAL_LAB_VSCODE to use code-server.');
      return 2;
    }
    return 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runWithCodeServer(testsPath, grep, suite) {
  const timeoutMs = Number(process.env.FOCAL_LAB_VSCODE_TIMEOUT || 600) * 1000;
  const times = {};
  let t = Date.now();
  await install(); // prints what it does when it has to install (once, about 2 minutes)
  times.install = Date.now() - t;

  const dir = cs.makeTempDir();
  const workspace = cs.copyWorkspace(path.join(dir, 'workspace'));
  const pageLog = path.join(dir, 'page-console.log');
  const hostLog = path.join(dir, 'workbench.log');
  let server;
  let browser;
  let ok = false;
  try {
    t = Date.now();
    server = await cs.startCodeServer({
      dir,
      // Inherited by the extension host, where index.ts reads them.
      env: { FOCAL_LAB_TEST_GREP: grep, FOCAL_LAB_TEST_SUITE: suite, FOCAL_LAB_TEST_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    times.server = Date.now() - t;
    cs.log(`code-server ready on ${server.baseUrl} in ${seconds(times.server)} (log: ${server.logFile})`);

    t = Date.now();
    browser = await cs.launchChromium();
    const page = await browser.newPage();
    times.browser = Date.now() - t;

    // The test result: codeAutomationExit is called once with the exit code when run() settles.
    let settle;
    const finished = new Promise((resolve, reject) => (settle = { resolve, reject }));
    // Everything the workbench and the extension host log arrives here. The tests' own output
    // (between the markers that index.ts prints) goes to stdout; the rest, mostly expected noise
    // (failed look-ups of the marketplace, GitHub, telemetry), to a log file that is printed
    // only when the run fails outside the tests.
    let inTests = false;
    let sawStart = false;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (process.env.FOCAL_LAB_RAW_LOG) fs.appendFileSync(process.env.FOCAL_LAB_RAW_LOG, `${JSON.stringify([type, args])}\n`);
      if (text.includes(MARKER_START)) inTests = sawStart = true;
      const show = inTests && !NOISE.test(text);
      if (text.includes(MARKER_END)) inTests = false;
      if (show) (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
      else fs.appendFileSync(hostLog, `[${type}] ${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle.resolve(Number(code)));
    page.on('console', (message) => fs.appendFileSync(pageLog, `[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => fs.appendFileSync(pageLog, `[pageerror] ${error.stack ?? error.message}\n`));
    page.on('crash', () => settle.reject(new HarnessError('the browser page crashed')));
    browser.on('disconnected', () => settle.reject(new HarnessError('the browser closed before the tests finished')));
    server.process.once('exit', (code, signal) => settle.reject(new HarnessError(`code-server exited (${code ?? signal}) before the tests finished:\n${cs.tail(server.logFile)}`)));

    const url = cs.workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root, extensionTestsPath: testsPath });
    t = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    cs.log(`workbench opened; running the tests (harness timeout ${timeoutMs / 1000} s)`);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new HarnessError(`HARNESS TIMEOUT: the extension tests did not report an exit code within ${timeoutMs / 1000} s (set FOCAL_LAB_VSCODE_TIMEOUT=SECONDS to change). This is the harness giving up, not a test assertion.\nLast page console lines (${pageLog}):\n${cs.tail(pageLog, 30)}\ncode-server log (${server.logFile}):\n${cs.tail(server.logFile, 30)}`)),
        timeoutMs,
      );
    });
    const code = await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
    times.tests = Date.now() - t;
    cs.log(`tests exited with ${code}; install check ${seconds(times.install)}, code-server start ${seconds(times.server)}, browser ${seconds(times.browser)}, workbench + tests ${seconds(times.tests)}`);
    ok = code === 0;
    if (!ok && !sawStart) console.error(`[vscode] the tests did not start; last lines of the workbench log (${hostLog}):\n${cs.tail(hostLog, 40)}`);
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (ok && process.env.FOCAL_LAB_KEEP_TMP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    else cs.log(`kept ${dir} (workspace, code-server log, page console log)`);
  }
}

async function main() {
  const { grep, suite } = parseArgs(process.argv.slice(2));
  const testsPath = await build();
  const launcher = process.env.FOCAL_LAB_VSCODE === 'electron' ? 'electron' : 'code-server';
  cs.log(`extension ${suite === 'bench' ? 'benchmarks' : 'tests'} in a real VS Code via ${launcher}${grep ? ` (grep: ${grep})` : ''}`);
  return launcher === 'electron' ? runWithElectron(testsPath, grep, suite) : runWithCodeServer(testsPath, grep, suite);
}

if (require.main === module) {
  const started = Date.now();
  main().then(
    (code) => {
      cs.log(`done in ${seconds(Date.now() - started)}`);
      process.exit(code);
    },
    (error) => {
      if (cs.stoppingSignal()) return; // the signal handler exits (130) once everything is stopped
      console.error(`\n[vscode] ${error instanceof HarnessError ? '' : 'harness error: '}${error.stack && !(error instanceof HarnessError) ? error.stack : error.message}`);
      process.exit(2);
    },
  );
}
