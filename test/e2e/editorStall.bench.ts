// Benchmark diagnostic, not a test (never run by `npm test`):
//   node scripts/vscode/runE2e.js test/e2e/editorStall.bench.ts
// What the editor waits for while a comparison on a 1,000,000-row file runs, in a real VS Code in
// a real browser. A user typing in an editor at the end of data preparation once saw a 1.1 s
// stall. This types into an editor throughout a run and records, on one clock:
//   - every gap of more than 50 ms between ticks of a 10 ms timer in the workbench's page (the
//     thread that draws the editor), and the long tasks Chromium attributes (to the page itself
//     or to a webview's frame);
//   - every 20 ms, for each process of the session (Chromium's, code-server's, the extension
//     host) and for each thread of the extension host: CPU time used and time spent runnable but
//     waiting for a CPU, from the kernel's schedstat, and each thread's nice value.
// It prints, for each stall, who was running and who was waiting, and saves the timeline.
import * as fs from 'fs';
import * as path from 'path';
import { startVsCodeSession, type VsCodeSession } from './harness';

const ROWS = 1_000_000;

interface ThreadSample {
  pid: number;
  tid: number;
  name: string;
  nice: number;
  onCpuMs: number;
  waitingMs: number;
}

function readThreads(pids: number[]): ThreadSample[] {
  const samples: ThreadSample[] = [];
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const [onCpu, waiting] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        samples.push({ pid, tid: Number(tid), name, nice: Number(fields[16]), onCpuMs: onCpu / 1e6, waitingMs: waiting / 1e6 });
      } catch {
        // The thread ended between listing and reading.
      }
    }
  }
  return samples;
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const all: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    all.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return all;
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

describe('what the editor waits for during a 1,000,000-row comparison (benchmark diagnostic)', function () {
  this.timeout(900_000);
  let session: VsCodeSession;
  const workspace = fs.mkdtempSync('/tmp/focal-lab-stall-ws-');

  before(async () => {
    const lines = ['a,b,c,d,label'];
    for (let i = 0; i < ROWS; i++) lines.push(`${(i % 997) / 97},${(i % 113) / 7},${(i % 71) / 3},${i % 5},${i % 10 === 0 ? 1 : 0}`);
    fs.writeFileSync(path.join(workspace, 'large.csv'), lines.join('\n') + '\n');
    fs.writeFileSync(path.join(workspace, 'notes.txt'), 'typing here while Focal Lab trains\n');
    session = await startVsCodeSession({
      workspace,
      settings: { 'focalLab.epochs': 2, 'focalLab.folds': 2, 'focalLab.losses': ['bce', 'alpha-focal'], 'focalLab.maxFileMegabytes': 1024 },
      viewport: { width: 1400, height: 900 },
    });
  });

  after(async () => {
    await session?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('records the stalls of the workbench thread and who used the CPU meanwhile', async () => {
    const { page } = session;
    // The editor the user types in.
    await session.explorerItem('notes.txt').click();
    const editor = page.locator('.monaco-editor .view-lines').first();
    await editor.waitFor({ state: 'visible', timeout: 60_000 });
    await editor.click();

    // In the page: a 10 ms ticker and Chromium's long-task attribution, on Date.now()'s clock.
    await page.evaluate(`(() => {
      const log = (window.__stalls = { gaps: [], longTasks: [] });
      let last = Date.now();
      setInterval(() => { const now = Date.now(); if (now - last > 50) log.gaps.push({ from: last, to: now }); last = now; }, 10);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const origin = performance.timeOrigin + entry.startTime;
          log.longTasks.push({ from: origin, to: origin + entry.duration, name: entry.name, containers: (entry.attribution || []).map((a) => [a.containerType, a.containerSrc, a.containerName].join(' ')) });
        }
      }).observe({ entryTypes: ['longtask'] });
    })()`);

    // Every process of the session, found from this process down (code-server, its extension
    // host, Chromium and its helpers).
    const timeline: { at: number; threads: ThreadSample[] }[] = [];
    const processes = () => descendants(process.pid).filter((pid) => pid !== process.pid);
    let pids = processes();
    let refresh = 0;
    const sampler = setInterval(() => {
      if (++refresh % 25 === 0) pids = processes();
      timeline.push({ at: Date.now(), threads: readThreads(pids) });
    }, 20);

    // Typing goes on throughout, as a user's would.
    let typing = true;
    const typist = (async () => {
      while (typing) {
        await page.keyboard.type('x', { delay: 0 }).catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    // The page's JavaScript, sampled: the workbench and any same-origin webview frame share its thread.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    const profileStartedAt = Date.now();

    const stages: { at: number; text: string }[] = [];
    const started = Date.now();
    await session.chooseExplorerMenuEntry('large.csv', /^Compare Losses$/);
    // The notification's progress text names the stage; the run ends when the panel shows its verdict.
    let lastStage = '';
    for (;;) {
      let text = '';
      for (const frame of page.frames()) {
        const phase = await frame
          .locator('[data-testid="phase"], [data-testid="fold-progress"]')
          .allInnerTexts()
          .then((texts) => texts.join(' · ').replace(/\s+/g, ' ').trim())
          .catch(() => '');
        if (phase) text = phase;
      }
      if (text && text !== lastStage) stages.push({ at: Date.now(), text: (lastStage = text) });
      const done = await page.frames().reduce<Promise<boolean>>(async (found, frame) => (await found) || (await frame.locator('[data-testid="verdict"]').count().catch(() => 0)) > 0, Promise.resolve(false));
      if (done) break;
      if (Date.now() - started > 600_000) throw new Error('the run did not finish within 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    stages.push({ at: Date.now(), text: 'verdict shown' });
    typing = false;
    await typist;
    clearInterval(sampler);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[] } };
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
    const frameName = (id: number): string => {
      const { functionName, url, lineNumber } = nodeById.get(id)!.callFrame;
      return `${functionName || '(anonymous)'}${url ? ` ${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
    };
    const sampleTimes: number[] = [];
    let clock = profileStartedAt;
    for (const delta of profile.timeDeltas) sampleTimes.push((clock += delta / 1000));
    /** The heaviest stacks (innermost 5 frames) among the page's samples between two times. */
    const jsDuring = (from: number, to: number): string[] => {
      const counts = new Map<string, number>();
      profile.samples.forEach((node, i) => {
        if (sampleTimes[i] < from || sampleTimes[i] > to) return;
        const chain: string[] = [];
        for (let id: number | undefined = node; id !== undefined && chain.length < 5; id = parentOf.get(id)) chain.push(frameName(id));
        const key = chain.join(' < ');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      });
      return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([key, count]) => `${count} ms ${key}`);
    };
    fs.mkdirSync(process.env.FOCAL_LAB_PROFILE_DIR ?? session.dir, { recursive: true });
    fs.writeFileSync(path.join(process.env.FOCAL_LAB_PROFILE_DIR ?? session.dir, 'page.cpuprofile'), JSON.stringify(profile));
    const recorded = (await page.evaluate('window.__stalls')) as { gaps: { from: number; to: number }[]; longTasks: { from: number; to: number; name: string; containers: string[] }[] };

    // Name each process once, by its command line.
    const names = new Map<number, string>();
    for (const pid of new Set(timeline.flatMap((s) => s.threads.map((t) => t.pid)))) {
      const line = commandLine(pid);
      names.set(pid, /extensionHost/.test(line) ? 'extension host' : /--type=renderer/.test(line) ? 'chromium renderer' : /--type=gpu/.test(line) ? 'chromium gpu' : /--type=utility/.test(line) ? 'chromium utility' : /chrom/.test(line) ? 'chromium' : /code-server|out\/node/.test(line) ? 'code-server' : path.basename(line.split(' ')[0] || String(pid)));
    }
    const at = (time: number) => timeline.reduce((best, s) => (Math.abs(s.at - time) < Math.abs(best.at - time) ? s : best), timeline[0]);
    const report: string[] = [];
    const stageAt = (time: number) => [...stages].reverse().find((s) => s.at <= time)?.text ?? '(before the run)';
    for (const gap of recorded.gaps) {
      const before = at(gap.from);
      const after = at(gap.to);
      const use = new Map<string, { onCpu: number; waiting: number; threads: number }>();
      for (const thread of after.threads) {
        const previous = before.threads.find((t) => t.tid === thread.tid);
        const onCpu = thread.onCpuMs - (previous?.onCpuMs ?? 0);
        const waiting = thread.waitingMs - (previous?.waitingMs ?? 0);
        if (onCpu + waiting < 5) continue;
        const key = `${names.get(thread.pid)}${names.get(thread.pid) === 'extension host' ? ` ${thread.name} (nice ${thread.nice}${previous ? '' : ', new'})` : ''}`;
        const entry = use.get(key) ?? { onCpu: 0, waiting: 0, threads: 0 };
        use.set(key, { onCpu: entry.onCpu + onCpu, waiting: entry.waiting + waiting, threads: entry.threads + 1 });
      }
      const tasks = recorded.longTasks.filter((t) => t.to >= gap.from && t.from <= gap.to).map((t) => `${Math.round(t.to - t.from)} ms ${t.name} ${t.containers.join(';')}`);
      report.push(`stall ${gap.to - gap.from} ms at +${gap.from - started} ms, stage: ${stageAt(gap.from)}`);
      if (tasks.length) report.push(`    long tasks: ${tasks.join(', ')}`);
      if (gap.to - gap.from >= 200) for (const line of jsDuring(gap.from, gap.to)) report.push(`    page JS: ${line}`);
      for (const [key, value] of [...use].sort((a, b) => b[1].onCpu + b[1].waiting - (a[1].onCpu + a[1].waiting)).slice(0, 8)) {
        report.push(`    ${key}${value.threads > 1 ? ` ×${value.threads}` : ''}: on a CPU ${value.onCpu.toFixed(0)} ms, waiting ${value.waiting.toFixed(0)} ms`);
      }
    }
    report.push('stages:', ...stages.map((s) => `  +${s.at - started} ms ${s.text}`));
    const out = process.env.FOCAL_LAB_PROFILE_DIR ?? path.join(session.dir, 'stalls');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'editor-stalls.txt'), report.join('\n') + '\n');
    fs.writeFileSync(path.join(out, 'editor-timeline.json'), JSON.stringify({ started, stages, recorded, names: [...names], timeline }));
    console.log(report.join('\n'));
    console.log(`@@editorStalls ${JSON.stringify({ stalls: recorded.gaps.length, longestMs: Math.max(0, ...recorded.gaps.map((g) => g.to - g.from)) })}`);
  });
});
