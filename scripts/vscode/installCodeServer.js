#!/usr/bin/env node
// Installs, once, a real VS Code for the tests: code-server 4.139.1 (VS Code 1.139.1) and the
// Node 24 it needs (engines.node: 24; the machine and the extension build stay on Node 20),
// into a cache folder outside the repository (about 600 MB, about 2 minutes).
//
//   node scripts/vscode/installCodeServer.js          install if missing, print the paths
//   node scripts/vscode/installCodeServer.js --force  wipe and install again
//
// Folder: $FOCAL_LAB_CACHE/code-server-4.139.1, FOCAL_LAB_CACHE defaulting to ~/.cache/focal-lab.
// A marker file is written last: a folder without it (an interrupted install) is wiped and
// installed again. A lock folder keeps two concurrent test runs from installing at once.
// Native modules (kerberos) need the Debian package libkrb5-dev: see .ci/vscode-deps.sh.
// Node built-ins only.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CODE_SERVER_VERSION = '4.139.1';
const NODE_SPEC = 'node@24';
const MARKER = '.focal-lab-installed';

function cacheRoot() {
  return process.env.FOCAL_LAB_CACHE ? path.resolve(process.env.FOCAL_LAB_CACHE) : path.join(os.homedir(), '.cache', 'focal-lab');
}

function paths(dir = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`)) {
  const nodeBinDir = path.join(dir, 'node_modules', 'node', 'bin');
  return {
    dir,
    marker: path.join(dir, MARKER),
    nodeBinDir,
    node: path.join(nodeBinDir, 'node'),
    // code-server's own entry (out/node/entry.js), run with Node 24 explicitly.
    codeServerEntry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    codeServerBin: path.join(dir, 'node_modules', '.bin', 'code-server'),
    // An empty config file, so code-server never writes its default one into ~/.config.
    config: path.join(dir, 'code-server-config.yaml'),
  };
}

function log(message) {
  process.stderr.write(`[code-server install] ${message}\n`);
}

function isInstalled(p = paths()) {
  try {
    const marker = JSON.parse(fs.readFileSync(p.marker, 'utf8'));
    return marker.codeServer === CODE_SERVER_VERSION && [p.node, p.codeServerEntry, p.config].every((f) => fs.existsSync(f));
  } catch {
    return false;
  }
}

// npm's own CLI, run by whichever Node we choose (Node 24 for code-server, so that its native
// modules are compiled for Node 24's ABI).
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/local/lib/node_modules/npm/bin/npm-cli.js',
  ];
  for (const c of candidates) if (c && c.endsWith('npm-cli.js') && fs.existsSync(c)) return c;
  throw new Error('cannot find npm-cli.js next to this Node; set npm_execpath to it');
}

// npm runs in its own process group (npm → sh → node-gyp → make), so that a signal to this
// process, or its exit, stops the whole install instead of leaving it running orphaned.
/**
 * The environment for the inner npm, without the npm_* variables of an outer npm run (npm test):
 * npm reads npm_config_* as its own configuration, and code-server's postinstall takes the Node
 * version from npm_config_user_agent, so the outer "node/v20" would fail its Node 24 check.
 */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NODE'));
}

function run(nodeBinary, args, cwd, env) {
  log(`$ ${path.basename(nodeBinary)} npm ${args.join(' ')}`);
  const child = spawn(nodeBinary, [npmCli(), ...args], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  const onSignal = (signal) => {
    log(`${signal}: stopping the install (the next run starts it again)`);
    killGroup('SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', onExit);
  for (const signal of signals) process.on(signal, onSignal);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('exit', onExit);
      for (const s of signals) process.off(s, onSignal);
      if (code === 0) resolve();
      else reject(new Error(`npm ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// mkdir is atomic: the lock is a folder holding the owner's pid; a dead owner's lock is taken over.
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  let waitedSince = 0;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // The owner has created the folder but not yet written its pid.
      }
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if ((Number.isInteger(owner) && !pidAlive(owner)) || (!Number.isInteger(owner) && age > 30_000)) {
        log(`removing a stale lock ${lock}`);
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waitedSince) {
        waitedSince = Date.now();
        log(`another process (pid ${owner}) is installing; waiting for it…`);
      }
      if (Date.now() - waitedSince > 15 * 60_000) throw new Error(`gave up waiting for the lock ${lock}`);
      await sleep(1000);
    }
  }
  // Also on process.exit (e.g. from a signal handler): the lock of a dead pid is stale anyway.
  const release = () => fs.rmSync(lock, { recursive: true, force: true });
  process.on('exit', release);
  try {
    return await fn();
  } finally {
    process.off('exit', release);
    release();
  }
}

/** Installs unless already installed; resolves with the paths. */
async function install({ force = false } = {}) {
  const p = paths();
  if (!force && isInstalled(p)) return p;
  return withLock(p.dir, async () => {
    if (!force && isInstalled(p)) return p; // installed by the process we waited for
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} and ${NODE_SPEC} into ${p.dir} (once; about 2 minutes, 600 MB)`);
    if (fs.existsSync(p.dir)) {
      log('wiping an incomplete or outdated install');
      fs.rmSync(p.dir, { recursive: true, force: true });
    }
    fs.mkdirSync(p.dir, { recursive: true });
    // npm 11 runs a dependency's install scripts only when the installing project allows them;
    // without these, the install "succeeds" and code-server does not start.
    const manifest = {
      name: 'focal-lab-code-server',
      version: '1.0.0',
      private: true,
      description: 'Cache of a real VS Code (code-server) for the Focal Lab tests. Made by scripts/vscode/installCodeServer.js.',
      // `npm install-scripts ls` in this folder lists these three and nothing else; code-server's
      // post-install builds VS Code's own native modules (kerberos, node-pty…) in its own tree.
      allowScripts: { node: true, 'code-server': true, argon2: true },
    };
    fs.writeFileSync(path.join(p.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const quiet = ['--save-exact', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'];

    log(`step 1/2: ${NODE_SPEC}`);
    await run(process.execPath, ['install', ...quiet, NODE_SPEC], p.dir, cleanEnv());
    const version = spawnSync(p.node, ['--version'], { encoding: 'utf8' });
    if (version.status !== 0 || !/^v24\./.test(version.stdout)) throw new Error(`${p.node} is not Node 24: ${version.stdout}${version.stderr}`);
    log(`Node ${version.stdout.trim()} at ${p.node}`);

    log(`step 2/2: code-server@${CODE_SERVER_VERSION} (builds native modules; the long step)`);
    const env = { ...cleanEnv(), PATH: `${p.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}` };
    await run(p.node, ['install', ...quiet, `code-server@${CODE_SERVER_VERSION}`], p.dir, env);

    // A smoke check that the post-install ran: `code-server --version` under Node 24.
    fs.writeFileSync(p.config, '# Focal Lab tests: the options are given on the command line.\nauth: none\ndisable-telemetry: true\ndisable-update-check: true\n');
    const check = spawnSync(p.node, [p.codeServerEntry, '--config', p.config, '--version'], { env, encoding: 'utf8', timeout: 120_000 });
    if (check.status !== 0 || !check.stdout.includes(CODE_SERVER_VERSION)) {
      throw new Error(`code-server does not start after the install:\n${check.stdout}${check.stderr}`);
    }
    log(`code-server --version: ${check.stdout.trim().split('\n')[0]}`);
    fs.writeFileSync(p.marker, `${JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: version.stdout.trim(), installedAt: new Date().toISOString() })}\n`);
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return p;
  });
}

module.exports = { CODE_SERVER_VERSION, paths, isInstalled, install, cacheRoot };

if (require.main === module) {
  install({ force: process.argv.includes('--force') }).then(
    (p) => log(`ready: ${p.dir}`),
    (error) => {
      log(`FAILED: ${error.message}`);
      log('code-server needs the Debian packages libkrb5-dev (native module kerberos), g++ and make: bash .ci/vscode-deps.sh');
      process.exit(1);
    },
  );
}
