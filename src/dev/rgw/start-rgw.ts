import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  cephLayout,
  monAddrs,
  MON_ID,
  OSD_ID,
  renderCephConf,
  RGW_NAME,
  type CephLayout,
  type CephPorts,
  type ObjectStore,
} from './ceph-conf.ts';
import { guardCluster } from './cleanup.ts';
import { RgwStartError } from './errors.ts';
import { assertPortFree, freePort, randomToken } from './net.ts';
import { Daemon, onPath, pollUntil, runTool } from './processes.ts';
import { createBucketWithCors, type S3Target } from './s3-target.ts';

/** Options of startRgw; every one has a default. */
export interface StartRgwOptions {
  /** Scratch folder for all cluster files; must be empty or absent. Default: a fresh temp dir. Removed by stop(). */
  dir?: string;
  /** HTTP port of radosgw on 127.0.0.1. Default: a free port. */
  port?: number;
  /** Bucket to create. Default: 'coffer-dev'. */
  bucket?: string;
  /** Origins the bucket's CORS rule allows. Default: the Vite dev server on localhost:5173. */
  allowedOrigins?: string[];
  /** OSD backend: memstore (default, fastest, RAM only) or bluestore (sparse 4 GiB file in dir). */
  objectStore?: ObjectStore;
  /** Called with one line per startup step and its elapsed time, e.g. for a --verbose CLI. */
  onProgress?: (line: string) => void;
}

/** A running throwaway cluster: where to reach it, what runs, and how to end it. */
export interface RgwInstance extends S3Target {
  readonly dir: string;
  readonly objectStore: ObjectStore;
  readonly daemons: ReadonlyArray<{ readonly name: string; readonly pid: number }>;
  readonly startupMs: number;
  /** Kills every daemon started and removes dir. Idempotent. */
  stop(): Promise<void>;
}

/** Programs the launcher runs; each comes with the Debian packages that install-ceph.sh installs. */
const TOOLS = ['radosgw', 'ceph-mon', 'ceph-osd', 'ceph', 'ceph-authtool', 'monmaptool', 'radosgw-admin'];
const DEFAULT_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];
const TOOL_TIMEOUT_MS = 20_000;
const MKFS_TIMEOUT_MS = 60_000;
const RGW_READY_TIMEOUT_MS = 60_000;
const S3_USER = 'coffer-dev';

/**
 * Starts a single-node Ceph cluster (mon + osd + radosgw, 127.0.0.1 only) in a scratch folder, creates an
 * S3 user with random keys and a bucket with a CORS rule. Startup errors are one-line RgwStartErrors.
 */
export async function startRgw(opts: StartRgwOptions = {}): Promise<RgwInstance> {
  const started = Date.now();
  const step = (what: string): void => opts.onProgress?.(`${what} at ${Date.now() - started} ms`);
  for (const tool of TOOLS) {
    if (!onPath(tool)) throw new RgwStartError(`${tool} is not installed: run scripts/install-ceph.sh`);
  }
  const objectStore = opts.objectStore ?? 'memstore';
  if (opts.port !== undefined) await assertPortFree(opts.port);
  // A port that was free when picked can be taken before the daemon binds it (another cluster, an
  // outgoing connection): such a startup is retried on fresh ports, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, objectStore, started, step);
    } catch (err) {
      const portTaken = err instanceof RgwStartError && err.message.includes('Address already in use');
      if (!portTaken || attempt >= BIND_ATTEMPTS) throw err;
      step(`a port was taken (${err.message.slice(0, 80)}), retrying`);
    }
  }
}

const BIND_ATTEMPTS = 4;

async function startOnce(
  opts: StartRgwOptions,
  objectStore: ObjectStore,
  started: number,
  step: (what: string) => void,
): Promise<RgwInstance> {
  const cluster = new ClusterProcesses(makeScratchDir(opts.dir));
  try {
    const ports = { monV1: await freePort(), monV2: await freePort(), rgw: opts.port ?? (await freePort()) };
    const endpoint = await bootCluster(cluster, ports, objectStore, step);
    const target: S3Target = {
      endpoint,
      region: 'us-east-1',
      accessKeyId: randomToken(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
      secretAccessKey: randomToken(40),
      bucket: opts.bucket ?? 'coffer-dev',
    };
    await cluster.whileAlive(createS3Account(cluster.layout, target, opts.allowedOrigins ?? DEFAULT_ORIGINS));
    step('user and bucket created');
    return {
      ...target,
      dir: cluster.layout.dir,
      objectStore,
      daemons: cluster.daemons.map((d) => ({ name: d.label, pid: d.pid })),
      startupMs: Date.now() - started,
      stop: () => cluster.stop(),
    };
  } catch (err) {
    await cluster.stop();
    if (err instanceof RgwStartError) throw err;
    throw new RgwStartError(`RGW startup failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The daemons of one cluster and its scratch folder, guarded against our unclean exit. */
class ClusterProcesses {
  readonly layout: CephLayout;
  readonly daemons: Daemon[] = [];
  private readonly guard: ReturnType<typeof guardCluster>;
  private stopping: Promise<void> | undefined;
  private rejectOnExit: (err: RgwStartError) => void = () => undefined;
  /** Rejects when any daemon exits; startup steps race against it so a crash fails fast. */
  private readonly anyExit = new Promise<never>((_, reject) => (this.rejectOnExit = reject));

  constructor(dir: string) {
    this.guard = guardCluster(dir);
    this.layout = cephLayout(dir);
    this.anyExit.catch(() => undefined);
  }

  /** Starts a daemon in the foreground with `-c ceph.conf`; its output goes to log/NAME.out. */
  start(label: string, cmd: string, args: string[], logName: string): void {
    const daemon = Daemon.start(label, cmd, ['-f', '-c', this.layout.conf, ...args], {
      out: join(this.layout.logDir, `${logName}.out`),
      log: join(this.layout.logDir, `${logName}.log`),
    });
    this.daemons.push(daemon);
    this.guard.addPid(daemon.pid);
    void daemon.exited.then(() => this.rejectOnExit(new RgwStartError(daemon.describeExit())));
  }

  /** `step`, unless a daemon dies first: then a one-line error naming it. */
  whileAlive<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.anyExit]);
  }

  /** Kills all daemons, removes the scratch folder. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.daemons.map((d) => d.kill()));
      this.guard.release();
      this.guard.removeDir();
    })();
    return this.stopping;
  }
}

/** Writes ceph.conf, creates and starts mon, OSD and radosgw; resolves with the S3 endpoint once it answers. */
async function bootCluster(
  cluster: ClusterProcesses,
  ports: CephPorts,
  objectStore: ObjectStore,
  step: (what: string) => void,
): Promise<string> {
  const l = cluster.layout;
  for (const sub of [l.runDir, l.logDir, l.monData, l.osdData, l.rgwData]) mkdirSync(sub, { recursive: true });
  const fsid = randomUUID();
  writeFileSync(l.conf, renderCephConf({ fsid, layout: l, ports, objectStore }));

  await createMonitor(l, fsid, monAddrs(ports));
  cluster.start('ceph-mon', 'ceph-mon', ['-i', MON_ID], `mon.${MON_ID}`);
  step('mon started');
  await cluster.whileAlive(createOsd(l, objectStore));
  cluster.start('ceph-osd', 'ceph-osd', ['-i', String(OSD_ID)], `osd.${OSD_ID}`);
  // radosgw waits by itself until the OSD is up and its pools are usable; no need to poll `ceph osd stat`.
  cluster.start('radosgw', 'radosgw', ['-n', RGW_NAME], RGW_NAME);
  step('osd and radosgw started');
  const endpoint = `http://127.0.0.1:${ports.rgw}`;
  await cluster.whileAlive(
    pollUntil('radosgw', () => httpOk(endpoint), { timeoutMs: RGW_READY_TIMEOUT_MS, intervalMs: 100 }),
  );
  step('radosgw answered');
  return endpoint;
}

/** The S3 user (radosgw-admin, with the target's keys) and the bucket with its CORS rule. */
async function createS3Account(l: CephLayout, target: S3Target, allowedOrigins: readonly string[]): Promise<void> {
  await runTool(
    'radosgw-admin',
    ['-c', l.conf, '-n', RGW_NAME, 'user', 'create', `--uid=${S3_USER}`, '--display-name=Coffer dev',
      `--access-key=${target.accessKeyId}`, `--secret-key=${target.secretAccessKey}`],
    { timeoutMs: TOOL_TIMEOUT_MS },
  );
  await createBucketWithCors(target, allowedOrigins).catch((err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    throw new RgwStartError(`creating bucket ${target.bucket} failed: ${reason}`);
  });
}

function makeScratchDir(dir: string | undefined): string {
  if (dir === undefined) return mkdtempSync(join(tmpdir(), 'coffer-rgw-'));
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  // stop() deletes the folder: refuse one that holds anything we did not create.
  if (readdirSync(abs).length > 0) throw new RgwStartError(`scratch dir ${abs} is not empty`);
  return abs;
}

/** Keyrings (mon., client.admin, and the radosgw key with its caps, imported at mkfs), monmap, mon store. */
async function createMonitor(l: CephLayout, fsid: string, addrs: string): Promise<void> {
  const auth = (args: string[]): Promise<string> => runTool('ceph-authtool', args, { timeoutMs: TOOL_TIMEOUT_MS });
  await auth(['--create-keyring', l.monKeyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
  await auth(['--create-keyring', l.adminKeyring, '--gen-key', '-n', 'client.admin',
    '--cap', 'mon', 'allow *', '--cap', 'osd', 'allow *', '--cap', 'mgr', 'allow *']);
  await auth(['--create-keyring', l.rgwKeyring, '--gen-key', '-n', RGW_NAME,
    '--cap', 'mon', 'allow rw', '--cap', 'osd', 'allow rwx']);
  await auth([l.monKeyring, '--import-keyring', l.adminKeyring]);
  await auth([l.monKeyring, '--import-keyring', l.rgwKeyring]);
  await runTool('monmaptool', ['--create', '--fsid', fsid, '--addv', MON_ID, addrs, l.monmap], {
    timeoutMs: TOOL_TIMEOUT_MS,
  });
  await runTool('ceph-mon', ['-c', l.conf, '--mkfs', '-i', MON_ID, '--monmap', l.monmap, '--keyring', l.monKeyring], {
    timeoutMs: MKFS_TIMEOUT_MS,
  });
}

/**
 * Registers osd.0 with a fresh cephx secret (`ceph osd new`, which waits for the mon) and formats its
 * store. `ceph-osd --mkfs --mkkey` alone does not work on Ceph 16.
 */
async function createOsd(l: CephLayout, objectStore: ObjectStore): Promise<void> {
  const uuid = randomUUID();
  const secret = (await runTool('ceph-authtool', ['--gen-print-key'], { timeoutMs: TOOL_TIMEOUT_MS })).trim();
  await runTool('ceph-authtool', ['--create-keyring', l.osdKeyring, '--name', `osd.${OSD_ID}`, '--add-key', secret], {
    timeoutMs: TOOL_TIMEOUT_MS,
  });
  await Promise.all([
    runTool('ceph', ['-c', l.conf, '--connect-timeout', '20', 'osd', 'new', uuid, String(OSD_ID), '-i', '-'], {
      input: JSON.stringify({ cephx_secret: secret }),
      timeoutMs: TOOL_TIMEOUT_MS + 5_000,
    }),
    runTool('ceph-osd', ['-c', l.conf, '-i', String(OSD_ID), '--mkfs', '--no-mon-config', '--osd-uuid', uuid], {
      timeoutMs: objectStore === 'bluestore' ? MKFS_TIMEOUT_MS : TOOL_TIMEOUT_MS,
    }),
  ]);
}

async function httpOk(url: string): Promise<true | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.ok ? true : undefined;
}
