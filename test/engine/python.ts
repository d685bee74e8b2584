// The Python the reference tests run: Debian's /usr/bin/python3 with python3-torch and friends
// (.ci/python-deps.sh installs them in CI). FOCAL_LAB_PYTHON points elsewhere.
import { spawnSync } from 'child_process';

export const PYTHON = process.env.FOCAL_LAB_PYTHON ?? '/usr/bin/python3';

/** null when PYTHON imports every module, else a sentence saying what is missing. */
export function missingPython(modules: string[]): string | null {
  const probe = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} is not there (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import ${modules.join(', ')}: ${probe.stderr.trim().split('\n').pop()}`;
  return null;
}

/**
 * Skips the suite visibly when Python lacks the modules: mocha lists its tests as pending and
 * the reason is printed, so a run without them never reads as a pass.
 */
export function requirePython(context: Mocha.Context, modules: string[]): void {
  const missing = missingPython(modules);
  if (missing) {
    console.log(`      SKIPPED (not passed): ${missing}. Install them (bash .ci/python-deps.sh) to run these tests.`);
    context.skip();
  }
}

export function runPython(args: string[], input?: string, env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(PYTHON, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}
