// Engine threads (training, CSV reading) saturate the cores; at a lower priority they yield
// to the editor and the rest of the machine.

import * as os from 'os';

/**
 * Lowers the calling thread's priority. Only on Linux, where setpriority(pid 0) changes the
 * calling thread alone; elsewhere it would lower the whole process, the editor included.
 */
export function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(10);
  } catch {
    // Not permitted here: run at normal priority.
  }
}
