/**
 * CPU time spent by each part of the benchmark's system, from Linux /proc: Chromium's processes by type (and the
 * renderer's threads by name), and this Node process (the embedded S3 server and the endpoint run in it), main thread
 * apart from the rest. Comparing
 * the encrypted run with the plain one shows where the extra time goes - the renderer's main thread, the crypto
 * workers, Chromium's network service or the S3 server - on a machine whose cores they all share.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { processTree } from '../lib/proc.ts';

const TICKS_PER_SECOND = 100;

/** CPU seconds by label. */
export type CpuSeconds = Record<string, number>;

function ticks(statPath: string): { name: string; seconds: number } | undefined {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the name.
    return { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined; // It ended while we looked.
  }
}

function processKind(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // Chromium rewrites its children's command lines, space-separated.
    const type = cmdline.find((arg) => arg.startsWith('--type='))?.slice(7);
    if (!type) return 'chromium browser';
    const sub = cmdline.find((arg) => arg.startsWith('--utility-sub-type='))?.slice(19);
    return `chromium ${type}${sub ? ` ${sub.replace(/\.mojom\..*$/, '')}` : ''}`;
  } catch {
    return 'chromium ?';
  }
}

/** Thread names that share a role, as one label ("ThreadPoolForeg" and "ThreadPoolBackg" stay apart). */
function threadLabel(name: string): string {
  return name.replace(/\d+$/, '').trim();
}

/** CPU seconds so far of Chromium's processes (renderers by thread) and of this Node process. */
export function cpuSnapshot(chromiumPid: number): CpuSeconds {
  const out: CpuSeconds = {};
  const add = (label: string, seconds: number) => (out[label] = (out[label] ?? 0) + seconds);
  for (const pid of processTree(chromiumPid)) {
    const kind = processKind(pid);
    let threads: string[] = [];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of threads) {
      const thread = ticks(`/proc/${pid}/task/${tid}/stat`);
      if (!thread) continue;
      add(kind === 'chromium renderer' ? `renderer: ${threadLabel(thread.name)}` : kind, thread.seconds);
    }
  }
  // Node names all its threads "node": the main thread (its id is the process id) runs JavaScript - s3rver, the
  // endpoint, the benchmark driver - and the others are libuv's file-system pool and V8's helpers.
  for (const tid of readdirSync('/proc/self/task')) {
    const thread = ticks(`/proc/self/task/${tid}/stat`);
    if (thread) add(Number(tid) === process.pid ? 'node: main thread' : 'node: other threads', thread.seconds);
  }
  return out;
}

/** What was spent between two snapshots, largest first, leaving out labels below 0.05 s. */
export function cpuBetween(before: CpuSeconds, after: CpuSeconds): [string, number][] {
  return Object.entries(after)
    .map(([label, seconds]): [string, number] => [label, seconds - (before[label] ?? 0)])
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1]);
}
