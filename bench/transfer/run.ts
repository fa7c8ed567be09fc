/**
 * `npm run bench`: Coffer's transfer benchmark in real Chromium against the real local stack (embedded S3, endpoint).
 * Prints a table, or with --json one JSON object as the last line:
 *  - encryptedUploadOverPlain / encryptedDownloadOverPlain: time with encryption / time of the same multipart and
 *    streaming machinery with encryption switched off, same bytes, same S3 (medians of alternating runs);
 *  - peakRendererMiB2GiB / peakRendererMiB256MiB: peak renderer memory above baseline while uploading and downloading
 *    (median over BENCH_PEAK_RUNS fresh tabs).
 *  - listTenThousandMs: unlock to a 10,000-file list rendered (bench/list/list-bench.ts; BENCH_ONLY=list runs only it);
 *  - sealCpuSeconds / stageCpuSeconds: Chromium's CPU seconds to read and seal the file (floor.worker.ts), and to stage
 *    every part as the app does (sealed into its Blob), with nothing sent; encryptedUploadOverPlainBound*: the least
 *    ratio that extra work allows on this machine, given how busy the plain upload kept its cores;
 *  - resumeCheckMiBps: how fast a resume reads the file again to check every chunk sealed before (SPEC 4.4).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type CDP from 'chrome-remote-interface';
import { startStack } from '../../src/dev/stack.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { bigFile } from '../../e2e/big-file.ts';
import { measureListTenThousand } from '../list/list-bench.ts';
import { cpuBetween, cpuSnapshot, type CpuSeconds } from './cpu.ts';
import { closePage, evaluate, launchChromium, nextDownload, openPage, rendererRss, setInputFile, type Chromium } from '../lib/cdp-chromium.ts';

const MiB = 1024 * 1024;
const json = process.argv.includes('--json');
const runs = Number(process.env.BENCH_RUNS ?? 3);
/** Size of the ratio runs in MiB (1 GiB as specified; smaller for quick experiments). */
const ratioMiB = Number(process.env.BENCH_RATIO_MIB ?? 1024);
const log = (...parts: unknown[]) => (json ? console.error(...parts) : console.log(...parts));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Adds the CPU seconds `work` took, by process and renderer thread, to `into`. */
async function measuringCpu<T>(browser: Chromium, into: CpuSeconds, work: () => Promise<T>): Promise<T> {
  const before = cpuSnapshot(browser.process.pid ?? -1);
  const result = await work();
  for (const [label, seconds] of cpuBetween(before, cpuSnapshot(browser.process.pid ?? -1))) into[label] = (into[label] ?? 0) + seconds;
  return result;
}

/** Side by side: CPU seconds per run of the encrypted and the plain mode, by process or thread. */
function cpuTable(title: string, encrypted: CpuSeconds, plain: CpuSeconds) {
  const labels = [...new Set([...Object.keys(encrypted), ...Object.keys(plain)])];
  const rows = labels
    .map((label) => ({ [title]: label, encrypted: (encrypted[label] ?? 0) / runs, plain: (plain[label] ?? 0) / runs }))
    .filter((row) => row.encrypted >= 0.1 || row.plain >= 0.1)
    .sort((a, b) => b.encrypted - a.encrypted)
    .map((row) => ({ ...row, encrypted: Number(row.encrypted.toFixed(2)), plain: Number(row.plain.toFixed(2)) }));
  if (json) console.error(title, JSON.stringify(rows));
  else console.table(rows);
}

/** Runs `work` while sampling renderer memory; returns the peak above the level before it started, in MiB. */
async function peakAbove<T>(browser: Chromium, work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  const baseline = rendererRss(browser);
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, rendererRss(browser))), 100);
  try {
    return { result: await work(), peakMiB: (peak - baseline) / MiB };
  } finally {
    clearInterval(timer);
  }
}

/** CPU seconds of the whole system (Chromium and this Node process) between two snapshots. */
function systemCpu(before: CpuSeconds, after: CpuSeconds): number {
  return Object.keys(after).reduce((sum, label) => sum + (after[label] ?? 0) - (before[label] ?? 0), 0);
}

/**
 * Uploads the chosen file. `completeMs` is the time from the last part's confirmation to the end (assembly by S3);
 * `partsBusy` is the share of the machine's cores in use while the parts were going up (page.ts calls the
 * cofferPartsDone binding when the last part is confirmed).
 */
async function upload(browser: Chromium, page: CDP.Client, encrypt: boolean): Promise<{ key: string; ms: number; completeMs: number; partsBusy: number }> {
  const pid = browser.process.pid ?? -1;
  await page.send('Runtime.addBinding', { name: 'cofferPartsDone' });
  let partsDone: CpuSeconds | undefined;
  const unsubscribe = page.Runtime.bindingCalled((params) => {
    if (params.name === 'cofferPartsDone') partsDone = cpuSnapshot(pid);
  });
  const before = cpuSnapshot(pid);
  const started = performance.now();
  try {
    const { key, ms, partsMs } = await evaluate<{ key: string; ms: number; partsMs: number }>(page, `window.cofferBench.upload(${encrypt})`);
    const partsBusy = partsDone ? systemCpu(before, partsDone) / (availableParallelism() * (partsMs / 1000)) : NaN;
    return { key, ms: performance.now() - started, completeMs: ms - partsMs, partsBusy };
  } finally {
    unsubscribe();
  }
}

/** Downloads to disk; the time runs until the browser has written the last byte. */
async function download(browser: Chromium, page: CDP.Client, key: string, decrypt: boolean, size: number): Promise<number> {
  const started = performance.now();
  const written = nextDownload(browser);
  await evaluate(page, `window.cofferBench.download(${JSON.stringify(key)}, ${decrypt}, ${size})`);
  const path = await written;
  const ms = performance.now() - started;
  const bytes = statSync(path).size;
  rmSync(path);
  if (bytes !== size) throw new Error(`the download wrote ${bytes} of ${size} bytes`);
  return ms;
}

async function remove(page: CDP.Client, key: string) {
  await evaluate(page, `window.cofferBench.remove(${JSON.stringify(key)})`);
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  log('Building the app and the benchmark page…');
  execFileSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts', '--logLevel', 'error'], { stdio: 'inherit' });
  // listTenThousandMs first, on its own stack; BENCH_ONLY=list measures it alone, BENCH_ONLY=transfer leaves it out.
  const list = process.env.BENCH_ONLY === 'transfer' ? undefined : await measureListTenThousand(process.env.BENCH_DIST_DIR ?? '.bench-dist', log);
  if (process.env.BENCH_ONLY === 'list') {
    console.log(json ? JSON.stringify(list) : list);
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'coffer-bench-'));
  const token = randomBytes(24).toString('base64url');
  const stack = await startStack({
    PORT: process.env.BENCH_PORT ?? '8807',
    COFFER_S3_PORT: String(Number(process.env.BENCH_PORT ?? 8807) + 1),
    COFFER_DATA_DIR: dataDir,
    COFFER_TOKENS: `bench:${token}`,
    COFFER_STATIC_DIR: process.env.BENCH_DIST_DIR ?? '.bench-dist',
    COFFER_RATE_LIMIT: '0',
  }, { logger: silentLogger });
  const browser = await launchChromium();
  const loadBefore = loadavg()[0] as number;
  log(`Load average (1 min) at the start: ${loadBefore.toFixed(2)} on ${availableParallelism()} cores; ratios are only meaningful on an idle machine.`);
  /** A fresh tab on the benchmark page, ready to transfer. */
  const benchPage = async () => {
    const page = await openPage(browser, `${stack.url}/bench/transfer/index.html`);
    await evaluate(page, `window.cofferBench.init(${JSON.stringify(token)})`);
    return page;
  };
  try {
    const page = await benchPage();

    log(`Writing a ${ratioMiB} MiB test file…`);
    const gib = await bigFile('ratio.bin', ratioMiB * MiB);
    const upTimes = { encrypted: [] as number[], plain: [] as number[] };
    /** Per plain upload: assembly time (ms) and how busy the cores were while its parts went up (0..1). */
    const plainAssemblyMs: number[] = [];
    const plainPartsBusy: number[] = [];
    const downTimes = { encrypted: [] as number[], plain: [] as number[] };
    const upCpu = { encrypted: {} as CpuSeconds, plain: {} as CpuSeconds };
    const downCpu = { encrypted: {} as CpuSeconds, plain: {} as CpuSeconds };
    await setInputFile(page, '#file', gib.path);
    for (let run = 0; run < runs; run++) {
      // Alternate the order so that neither mode always runs on a warmer machine.
      for (const encrypt of run % 2 === 0 ? [false, true] : [true, false]) {
        const mode = encrypt ? 'encrypted' : 'plain';
        const up = await measuringCpu(browser, upCpu[mode], () => upload(browser, page, encrypt));
        upTimes[mode].push(up.ms);
        if (!encrypt) {
          plainAssemblyMs.push(up.completeMs);
          plainPartsBusy.push(up.partsBusy);
        }
        downTimes[mode].push(await measuringCpu(browser, downCpu[mode], () => download(browser, page, up.key, encrypt, ratioMiB * MiB)));
        await remove(page, up.key);
        log(`  run ${run + 1} ${mode}: upload ${(up.ms / 1000).toFixed(1)} s (cores ${(100 * up.partsBusy).toFixed(0)}% busy while parts went up; assembly ${(up.completeMs / 1000).toFixed(1)} s), download ${((downTimes[mode].at(-1) ?? 0) / 1000).toFixed(1)} s`);
      }
    }
    // What encryption costs before anything is sent, in CPU seconds, set beside the plain upload: (1) reading and
    // sealing the file (floor.worker.ts), (2) the app's own staging of every part, sealed into its Blob.
    /** CPU seconds per run, in Chromium alone or (withNode) in the whole system. */
    const perRun = (cpu: CpuSeconds, withNode = false) =>
      Object.entries(cpu).reduce((sum, [label, seconds]) => sum + (withNode || !label.startsWith('node') ? seconds : 0), 0) / runs;
    const unsent: Record<string, { ms: number[]; cpu: CpuSeconds }> = {};
    for (let run = 0; run < runs; run++) {
      for (const work of ['floor', 'staged', 'resumeCheck']) {
        const into = (unsent[work] ??= { ms: [], cpu: {} });
        into.ms.push(await measuringCpu(browser, into.cpu, () => evaluate<number>(page, `window.cofferBench.${work}()`)));
      }
    }
    rmSync(gib.path);
    const cores = availableParallelism();
    // A lower bound for the encrypted upload, from the plain one: S3's assembly takes as long in both, and while the
    // parts go up the encrypted upload must fit the plain upload's CPU work plus its own extra on the same cores:
    // parts time >= (busy share x plain parts time x cores + extra CPU) / cores.
    const plainUpMs = median(upTimes.plain);
    const assemblyMs = median(plainAssemblyMs);
    const busy = median(plainPartsBusy);
    log(
      `Plain upload: ${(plainUpMs / 1000).toFixed(1)} s, of which S3's assembly ${(assemblyMs / 1000).toFixed(1)} s; ` +
        `cores ${(100 * busy).toFixed(0)}% busy while its parts went up.`,
    );
    const bound = (extraCpu: number) => (assemblyMs + busy * (plainUpMs - assemblyMs) + (extraCpu * 1000) / cores) / plainUpMs;
    const unsentCpu = { floor: perRun(unsent.floor?.cpu ?? {}), staged: perRun(unsent.staged?.cpu ?? {}) };
    for (const [work, label] of [['floor', 'Reading and sealing the file'], ['staged', 'Staging every part (sealed, in its Blob)']] as const) {
      log(
        `${label}, nothing sent: ${(median(unsent[work]?.ms ?? []) / 1000).toFixed(1)} s, ${unsentCpu[work].toFixed(1)} CPU seconds in Chromium; ` +
          `with that extra work on these cores, encryptedUploadOverPlain >= ${bound(unsentCpu[work]).toFixed(2)}.`,
      );
    }
    const resumeCheckMs = median(unsent.resumeCheck?.ms ?? []);
    log(
      `Checking every chunk of the file again before a resume: ${(resumeCheckMs / 1000).toFixed(1)} s ` +
        `(${(ratioMiB / (resumeCheckMs / 1000)).toFixed(0)} MiB/s; the encrypted upload: ${(ratioMiB / (median(upTimes.encrypted) / 1000)).toFixed(0)} MiB/s).`,
    );
    log(`CPU seconds per ${ratioMiB} MiB transfer (mean of ${runs} runs; the machine's cores are shared by all of these):`);
    cpuTable('upload CPU', upCpu.encrypted, upCpu.plain);
    cpuTable('download CPU', downCpu.encrypted, downCpu.plain);

    await closePage(page);

    // Each peak is measured in a tab of its own, so in a renderer process of its own: a renderer that earlier
    // transfers have grown starts from a higher baseline and shows a smaller peak above it. The figure is the
    // median over BENCH_PEAK_RUNS such tabs (run to run, a peak moves by some 30 MiB).
    const peakRuns = Number(process.env.BENCH_PEAK_RUNS ?? 3);
    const peaks: Record<string, number[]> = {};
    const allPeaks = [['256MiB', 256 * MiB], ['2GiB', 2048 * MiB]] as const;
    const peakSizes = process.env.BENCH_SKIP_PEAKS ? [] : allPeaks.filter(([label]) => !process.env.BENCH_PEAKS || process.env.BENCH_PEAKS.split(',').includes(label));
    const peakFiles = new Map<string, string>();
    for (const [label, size] of peakSizes) peakFiles.set(label, (await bigFile(`${label}.bin`, size)).path);
    for (let run = 0; run < peakRuns; run++) {
      for (const [label, size] of peakSizes) {
        const tab = await benchPage();
        await setInputFile(tab, '#file', peakFiles.get(label) as string);
        const encrypt = process.env.BENCH_PEAK_PLAIN !== '1';
        const up = await peakAbove(browser, () => upload(browser, tab, encrypt));
        const down = await peakAbove(browser, () => download(browser, tab, up.result.key, encrypt, size));
        await remove(tab, up.result.key);
        await closePage(tab);
        (peaks[label] ??= []).push(Math.max(up.peakMiB, down.peakMiB));
        log(`  ${label} run ${run + 1}: peak renderer memory above baseline: upload +${up.peakMiB.toFixed(0)} MiB, download +${down.peakMiB.toFixed(0)} MiB`);
      }
    }
    for (const path of peakFiles.values()) rmSync(path);
    for (const [label, values] of Object.entries(peaks)) log(`  ${label}: peaks ${values.map((v) => `+${v.toFixed(0)}`).join(', ')} MiB, median +${median(values).toFixed(0)} MiB`);

    const result = {
      encryptedUploadOverPlain: median(upTimes.encrypted) / median(upTimes.plain),
      encryptedDownloadOverPlain: median(downTimes.encrypted) / median(downTimes.plain),
      sealCpuSeconds: unsentCpu.floor,
      stageCpuSeconds: unsentCpu.staged,
      encryptedUploadOverPlainBoundSeal: bound(unsentCpu.floor),
      encryptedUploadOverPlainBoundStage: bound(unsentCpu.staged),
      peakRendererMiB2GiB: peaks['2GiB'] && median(peaks['2GiB']),
      peakRendererMiB256MiB: peaks['256MiB'] && median(peaks['256MiB']),
      uploadPlainMiBps: ratioMiB / (median(upTimes.plain) / 1000),
      uploadEncryptedMiBps: ratioMiB / (median(upTimes.encrypted) / 1000),
      downloadPlainMiBps: ratioMiB / (median(downTimes.plain) / 1000),
      downloadEncryptedMiBps: ratioMiB / (median(downTimes.encrypted) / 1000),
      resumeCheckMiBps: ratioMiB / (resumeCheckMs / 1000),
      runs,
      ratioMiB,
      listTenThousandMs: list?.listTenThousandMs,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg()[0] as number,
    };
    if (json) {
      console.log(JSON.stringify(result));
    } else {
      console.table(Object.entries(result).map(([metric, value]) => ({ metric, value: Number(value?.toFixed(3)) })));
    }
  } finally {
    await browser.close();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
