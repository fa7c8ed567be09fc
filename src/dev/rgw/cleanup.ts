import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** What must be torn down synchronously if the process ends without stop(). */
interface Teardown {
  readonly pids: Set<number>;
  readonly dir: string;
  readonly watchdog: ChildProcess;
}

const live = new Set<Teardown>();
let hooksInstalled = false;

/**
 * A shell, in its own session, that outlives us: it reads daemon pids from its stdin and, when stdin
 * closes because this process died (even by SIGKILL), kills them and removes the scratch folder.
 * stop() kills it first, so it only ever acts after an unclean death.
 */
const WATCHDOG =
  'pids=; while read -r p; do pids="$pids $p"; done; [ -n "$pids" ] && kill -9 $pids 2>/dev/null; rm -rf -- "$1"';

/** Registers a cluster folder for best-effort cleanup on exit, SIGINT, SIGTERM or our death. */
export function guardCluster(dir: string): {
  addPid(pid: number): void;
  release(): void;
  removeDir(): void;
} {
  installHooks();
  const watchdog = spawn('sh', ['-c', WATCHDOG, 'coffer-rgw-watchdog', dir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  // Losing the watchdog only loses the last-resort cleanup; it must never crash the host process.
  watchdog.on('error', () => undefined);
  watchdog.stdin.on('error', () => undefined);
  // The pipe must not keep the event loop alive on its own; the daemons' handles do that.
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const teardown: Teardown = { pids: new Set(), dir, watchdog };
  live.add(teardown);
  return {
    addPid(pid) {
      teardown.pids.add(pid);
      watchdog.stdin.write(`${pid}\n`);
    },
    release() {
      watchdog.kill('SIGKILL');
      live.delete(teardown);
    },
    removeDir() {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

function tearDownAllSync(): void {
  for (const t of live) {
    for (const pid of t.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    t.watchdog.kill('SIGKILL');
    try {
      rmSync(t.dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // best effort: the watchdog is gone, nothing else to try
    }
  }
  live.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', tearDownAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // Another listener (e.g. the CLI) owns the shutdown and will call stop() or exit.
      if (process.listenerCount(signal) > 1) return;
      tearDownAllSync();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
