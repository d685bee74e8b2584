#!/usr/bin/env node
// Builds the bundles with esbuild: the extension (host), the training worker, the CLI and
// the public core module, plus the TensorFlow.js .wasm files and the core type declarations.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const pkg = require(path.join(root, 'package.json'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { FOCAL_LAB_VERSION: JSON.stringify(pkg.version) },
  external: ['vscode'],
};

// Webviews run in the browser sandbox of VS Code: iife bundles, no Node built-ins.
const browser = { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning' };
const webviewEntries = [
  { entryPoints: { panel: 'webview/panel/main.ts' } },
  { entryPoints: { sidebar: 'webview/sidebar/main.ts' } },
];

// The training worker loads TensorFlow.js only to train with it (--backend cpu, no WebAssembly
// SIMD): its imports of the two modules that pull it in resolve, at run time, to a bundle of
// their own next to it, so a thread training with the kernel never reads or compiles it.
const tfjsApart = {
  name: 'tfjs-apart',
  setup(build) {
    build.onResolve({ filter: /\/(tfBackend|tfjsTrainer)$/ }, () => ({ path: './trainingWorkerTfjs.js', external: true }));
  },
};

const entries = [
  { entryPoints: { extension: 'src/extension.ts' } },
  { entryPoints: { trainingWorker: 'src/worker/trainingWorker.ts' }, plugins: [tfjsApart] },
  { entryPoints: { trainingWorkerTfjs: 'src/worker/trainingWorkerTfjs.ts' } },
  { entryPoints: { comparisonWorker: 'src/worker/comparisonWorker.ts' } },
  { entryPoints: { cli: 'src/cli.ts' } }, // keeps src/cli.ts's shebang
  { entryPoints: { cliWorker: 'src/cliWorker.ts' } },
  { entryPoints: { core: 'src/api.ts' } },
];

function copyWasm() {
  const from = path.join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  const to = path.join(dist, 'wasm');
  fs.mkdirSync(to, { recursive: true });
  for (const file of fs.readdirSync(from)) if (file.endsWith('.wasm')) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

function emitTypes() {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// package.json's contributes.configuration is written from src/core/settingsSchema.ts, so the
// manifest that ships always declares the settings the code checks.
function writeSettingsManifest() {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'writeSettingsManifest.js')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  writeSettingsManifest();
  fs.mkdirSync(dist, { recursive: true });
  copyWasm();
  const options = [
    ...entries.map((entry) => ({ ...common, ...entry, outdir: dist, absWorkingDir: root })),
    ...webviewEntries
      .filter((entry) => fs.existsSync(path.join(root, Object.values(entry.entryPoints)[0])))
      .map((entry) => ({ ...browser, ...entry, outdir: path.join(dist, 'webview'), absWorkingDir: root })),
  ];
  if (watch) {
    for (const o of options) await (await esbuild.context(o)).watch();
    console.log('watching…');
    return;
  }
  await Promise.all(options.map((o) => esbuild.build(o)));
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
  if (!process.argv.includes('--no-types')) emitTypes();
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
