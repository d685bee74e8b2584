// Lint, and the architecture's one-way dependencies: core is pure (no vscode, no DOM, no
// host/worker/shared), worker and shared never touch vscode or the host.
import tseslint from 'typescript-eslint';

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'HTMLElement', 'HTMLCanvasElement', 'fetch'].map((name) => ({
  name,
  message: 'src/core and src/worker run in Node worker threads and the CLI: no DOM.',
}));
const noVscode = { name: 'vscode', message: 'Only src/host and src/extension.ts may use the vscode API.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test-results/**', 'webview/**/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|test|suite)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/host/**', '**/worker/**', '**/shared/**', '**/webview/**', '../host', '../worker', '../shared'], message: 'src/core imports nothing of the other layers.' }] }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['src/worker/**/*.ts', 'src/shared/**/*.ts', 'src/cli.ts', 'src/cliProgress.ts', 'src/api.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/host/**', '../host', '**/webview/**'], message: 'Only the extension host layer may import src/host.' }] }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/host/**', '**/worker/**', '../host', '../worker'], message: 'Webviews may import only src/shared (and core types).' }] }],
    },
  },
  {
    files: ['scripts/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
