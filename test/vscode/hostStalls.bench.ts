// Benchmark diagnostic (run by `npm run bench`, never by `npm test`): what the extension host
// thread is doing when its event loop stalls during a comparison on a 1,000,000-row file.
// responsiveness.bench.ts says how long the stalls are; this says what they are. While the panel
// path runs it finds every gap of more than STALL_MS between timer ticks and gives the kernel's
// account of the host thread over it: time on a CPU (work), time runnable but waiting for a CPU
// (a busy machine), the rest asleep. With FOCAL_LAB_PROFILE_HOST=1 it also samples the thread with
// V8's CPU profiler and names the functions (or GC, or "(idle)": no JavaScript) in each gap.
import * as assert from 'assert';
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/runService';
import { api, until, writeLargeCsv } from './helpers';

const STALL_MS = 30;
const settings = { epochs: 2, batchSize: 1024, folds: 2, losses: ['bce', 'alpha-focal'] as ('bce' | 'alpha-focal')[] };

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** The innermost frame outside V8's own entries, with the file it is in, for each sample. */
function frameNames(profile: Profile): Map<number, string> {
  const names = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? path.basename(url.replace(/^file:\/\//, '')) : '';
    names.set(node.id, `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`);
  }
  return names;
}

/** For each node, its chain of callers as text (outermost last), to tell Focal Lab's code from VS Code's. */
function stacks(profile: Profile, names: Map<number, string>): Map<number, string[]> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const result = new Map<number, string[]>();
  for (const node of profile.nodes) {
    const chain: string[] = [];
    for (let id: number | undefined = node.id; id !== undefined && chain.length < 12; id = parent.get(id)) chain.push(names.get(id)!);
    result.set(node.id, chain);
  }
  return result;
}

describe('what stalls the extension host during a comparison on a 1,000,000-row file (benchmark diagnostic)', function () {
  this.timeout(600_000);
  let large: string;
  before(() => {
    large = writeLargeCsv(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'large-stalls.csv'));
  });
  after(() => fs.rmSync(large, { force: true }));

  it('names what ran during each stall of the panel path', async () => {
    const { service, panels } = await api();
    // The sampling profiler costs the host thread CPU of its own (≈15 ms per stall here): only on request.
    const profiling = process.env.FOCAL_LAB_PROFILE_HOST === '1';
    const session = new inspector.Session();
    session.connect();
    if (profiling) {
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
    }

    const running = vscode.commands.executeCommand('focalLab.compareLosses', vscode.Uri.file(large), undefined, { noPrompts: true, settings }) as Thenable<RunOutcome>;
    const runId = await until('the run to start', () => service.activeRunId);
    await until('the panel to load', () => panels.get(runId)?.isReady);

    // Timer ticks every 5 ms; a gap is a stall of the host thread (or of the whole process).
    // The kernel's account of the host thread (its id is the process id) at each tick: time on a
    // CPU and time runnable but waiting for one. A stall spent waiting for a CPU is the machine
    // being busy; a stall spent on a CPU is work; neither is the thread blocked (a lock, I/O).
    const gaps: { from: number; to: number; onCpuMs: number; waitingMs: number; switches: string }[] = [];
    const kernelAccount = (): { onCpu: number; waiting: number; voluntary: number; involuntary: number } => {
      const [onCpu, waiting] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
      const status = fs.readFileSync(`/proc/self/task/${process.pid}/status`, 'utf8');
      const voluntary = Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1]);
      const involuntary = Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1]);
      return { onCpu: onCpu / 1e6, waiting: waiting / 1e6, voluntary, involuntary };
    };
    let last = performance.now();
    let lastAccount = kernelAccount();
    const ticker = setInterval(() => {
      const now = performance.now();
      const account = kernelAccount();
      if (now - last > STALL_MS) {
        gaps.push({
          from: last,
          to: now,
          onCpuMs: account.onCpu - lastAccount.onCpu,
          waitingMs: account.waiting - lastAccount.waiting,
          switches: `${account.voluntary - lastAccount.voluntary} voluntary, ${account.involuntary - lastAccount.involuntary} involuntary`,
        });
      }
      last = now;
      lastAccount = account;
    }, 5);
    // performance.now() and the profile's clock differ by a constant: anchor them with a marker.
    if (profiling) await post(session, 'Profiler.start');
    const startedAt = performance.now();
    const outcome = await running;
    clearInterval(ticker);
    const { profile } = profiling ? await post<{ profile: Profile }>(session, 'Profiler.stop') : { profile: { nodes: [], startTime: 0, samples: [], timeDeltas: [] } as Profile };
    session.disconnect();
    assert.strictEqual(outcome.status, 'finished', outcome.message);
    panels.get(runId)?.panel.dispose();

    const names = frameNames(profile);
    const chains = stacks(profile, names);
    // Sample times in ms relative to the profile's start, which is within a millisecond of startedAt.
    const times: number[] = [];
    let t = 0;
    for (const delta of profile.timeDeltas) times.push((t += delta) / 1000);
    const lines: string[] = [];
    for (const gap of gaps) {
      const from = gap.from - startedAt;
      const to = gap.to - startedAt;
      const inside = new Map<string, number>();
      let samples = 0;
      profile.samples.forEach((node, i) => {
        if (times[i] < from || times[i] > to) return;
        samples++;
        const key = chains.get(node)!.slice(0, 6).join(' < ');
        inside.set(key, (inside.get(key) ?? 0) + 1);
      });
      const top = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 4);
      lines.push(
        `stall ${(to - from).toFixed(0)} ms at +${from.toFixed(0)} ms: on a CPU ${gap.onCpuMs.toFixed(0)} ms, waiting for a CPU ${gap.waitingMs.toFixed(0)} ms, ` +
          `context switches ${gap.switches}; ${samples} samples:`,
      );
      for (const [stack, count] of top) lines.push(`    ${count} × ${stack}`);
    }
    const dir = process.env.FOCAL_LAB_PROFILE_DIR;
    if (dir && profiling) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'host-panel-path.cpuprofile'), JSON.stringify(profile));
    }
    if (dir) fs.writeFileSync(path.join(dir, 'host-stalls.txt'), lines.join('\n') + '\n');
    const sum = (values: number[]): number => Math.round(values.reduce((a, b) => a + b, 0));
    const summary = {
      stalls: gaps.length,
      longestMs: Math.round(Math.max(0, ...gaps.map((g) => g.to - g.from))),
      stalledMs: sum(gaps.map((g) => g.to - g.from)),
      onCpuMs: sum(gaps.map((g) => g.onCpuMs)),
      waitingForCpuMs: sum(gaps.map((g) => g.waitingMs)),
    };
    console.log(`@@hostStalls ${JSON.stringify(summary)}`);
    console.log(lines.join('\n'));
  });
});
