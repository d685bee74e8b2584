// The output folder (--out): checked before any data is read, created without Node's recursive
// mkdir (which loops forever where a file system answers ENOENT to every mkdir, as /proc does),
// locked while a set of outputs is moved into it, and swept of what a killed run left behind.

import * as fs from 'fs';
import * as path from 'path';
import { FocalLabInputError } from './errors';

/** Where this process prepares its output set, inside the output folder. */
export function temporaryFolderOf(directory: string, pid = process.pid): string {
  return path.join(directory, `${TEMPORARY_PREFIX}${pid}${TEMPORARY_SUFFIX}`);
}
const TEMPORARY_PREFIX = '.focal-lab-';
const TEMPORARY_SUFFIX = '.tmp';
const LOCK_NAME = '.focal-lab.lock';
const EARLIER_TEMPORARY_FILE = /^\.(?:results\.json|report\.md|report\.html)\.(\d+)\.\d+\.tmp$/;
/** A lock whose owner cannot be asked (another machine on a network folder) counts as stale after this long. */
const STALE_LOCK_MS = 10 * 60 * 1000;
/** How long a run waits for another run to finish moving its outputs into the same folder. */
const LOCK_WAIT_MS = 60 * 1000;
const LOCK_POLL_MS = 25;

/** A sentence for a file-system error on the output folder, as an input error (exit code 2). */
export function outputFolderProblem(error: unknown, folder: string): FocalLabInputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'Focal Lab may not write there (permission denied)'
      : code === 'EROFS'
        ? 'it is on a read-only file system'
        : code === 'ELOOP'
          ? 'its path goes round a loop of symbolic links'
          : code === 'ENOTDIR'
            ? 'part of its path is a file, not a folder'
            : code === 'ENAMETOOLONG'
              ? 'its path is too long'
              : code === 'ENOSPC' || code === 'EDQUOT'
                ? 'the disk is full'
                : code === 'ENOENT'
                  ? 'no folder can be made there (a system folder such as /proc)'
                : `it cannot be written (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new FocalLabInputError('output-folder', `Cannot write the results to ${folder}: ${why}; choose another folder with --out.`);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Checks, before the data is read, that `folder` is a folder Focal Lab can write into, or can be
 * created: the nearest existing part of its path must be a folder where a probe folder can be
 * made (and is removed at once). Nothing is left behind. Throws an input error that says why not.
 */
export async function checkOutputFolder(folder: string): Promise<void> {
  const absolute = path.resolve(folder);
  let existing = absolute;
  let info: fs.Stats;
  for (;;) {
    try {
      info = await fs.promises.stat(existing);
      break;
    } catch (error) {
      const parent = path.dirname(existing);
      // ENOTDIR: a file further up the path, found by walking on.
      if (!(isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') || parent === existing) throw outputFolderProblem(error, folder);
      existing = parent;
    }
  }
  if (!info.isDirectory()) {
    const what = existing === absolute ? 'it is a file, not a folder' : `${existing} is a file, not a folder`;
    throw new FocalLabInputError('output-folder', `Cannot write the results to ${folder}: ${what}; choose a folder with --out (it is created when missing).`);
  }
  let probe: string;
  try {
    probe = await fs.promises.mkdtemp(path.join(existing, '.focal-lab-check-'));
  } catch (error) {
    throw outputFolderProblem(error, folder);
  }
  await fs.promises.rmdir(probe).catch(() => undefined);
}

/** Creates `folder` and its missing parents one by one (see the header for why not `recursive`). */
export async function makeFolder(folder: string): Promise<void> {
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      if (!(await fs.promises.stat(existing)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      const parent = path.dirname(existing);
      if (!isMissing(error) || parent === existing) throw outputFolderProblem(error, folder);
      missing.unshift(existing);
      existing = parent;
    }
  }
  for (const part of missing) {
    try {
      await fs.promises.mkdir(part);
    } catch (error) {
      // Another run may have made it in the meantime.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputFolderProblem(error, folder);
    }
  }
}

function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockIsStale(lock: string): boolean {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8').trim());
    if (pid === process.pid) return false;
    return !processIsAlive(pid) || Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch (error) {
    return isMissing(error);
  }
}

/**
 * Takes the output folder's lock (a file made with O_EXCL holding this process's id), waiting
 * while another live run holds it. Returns the function that releases it; a lock left by a run
 * that died is taken over.
 */
export async function lockOutputFolder(directory: string, waitMs = LOCK_WAIT_MS): Promise<() => void> {
  const lock = path.join(directory, LOCK_NAME);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const descriptor = fs.openSync(lock, 'wx');
      try {
        fs.writeSync(descriptor, `${process.pid}\n`);
      } finally {
        fs.closeSync(descriptor);
      }
      return () => releaseLock(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputFolderProblem(error, directory);
    }
    if (lockIsStale(lock)) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new FocalLabInputError(
        'output-folder',
        `Another Focal Lab run is writing its results to ${directory} (see ${LOCK_NAME} there); wait for it to finish or choose another folder with --out.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

function releaseLock(lock: string): void {
  try {
    if (Number(fs.readFileSync(lock, 'utf8').trim()) === process.pid) fs.rmSync(lock, { force: true });
  } catch {
    // Already gone.
  }
}

/**
 * Synchronous clean-up for a process about to exit at once (a second Ctrl-C): removes this
 * process's temporary output folder and its lock, if any. The previous output set is untouched.
 */
export function abandonOutputs(directory: string): void {
  fs.rmSync(temporaryFolderOf(directory), { recursive: true, force: true });
  releaseLock(path.join(directory, LOCK_NAME));
}

/** Removes temporary output folders of runs that died before moving their outputs into place. */
export function removeAbandonedOutputs(directory: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    // Ours (.focal-lab-<pid>.tmp), or a file an earlier Focal Lab was writing (.report.md.<pid>.<time>.tmp).
    const pid = name.startsWith(TEMPORARY_PREFIX) && name.endsWith(TEMPORARY_SUFFIX) ? Number(name.slice(TEMPORARY_PREFIX.length, -TEMPORARY_SUFFIX.length)) : Number(EARLIER_TEMPORARY_FILE.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processIsAlive(pid)) fs.rmSync(path.join(directory, name), { recursive: true, force: true });
  }
}
