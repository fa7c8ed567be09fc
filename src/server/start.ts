import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { productionParts, type CofferS3Options } from './compose.ts';
import type { Config, ServerLimits } from './config.ts';
import type { AppEnv } from './context.ts';
import type { Logger } from './logger.ts';
import { addSecurityHeaders, appSecurityHeaders } from './security-headers.ts';
import type { User } from './users.ts';

export type { CofferS3Options } from './compose.ts';

/** A running endpoint. */
export interface RunningCoffer {
  /** Where it listens, e.g. http://127.0.0.1:8787. */
  url: string;
  close: () => Promise<void>;
}

/** Serves the built app from `staticDir`; any other GET outside /v1 gets index.html (SPA routing). */
function serveApp(app: Hono<AppEnv>, staticDir: string, logger: Logger): void {
  if (!existsSync(join(staticDir, 'index.html'))) {
    logger.info({ msg: 'no built app to serve', staticDir });
    return;
  }
  app.use('*', serveStatic({ root: staticDir }));
  app.get('*', serveStatic({ path: join(staticDir, 'index.html') }));
}

/**
 * Node's http options for slow clients: a client that dribbles its headers (slowloris) is cut off after
 * `headersTimeoutMs`, one that stalls mid-body after `requestTimeoutMs` (Node answers 408 and closes), an idle
 * keep-alive connection after `keepAliveTimeoutMs`. Node checks the first two only every `connectionsCheckingInterval`
 * (30 s by default, which would stretch a 20 s limit to 50 s), so it checks every tenth of the shorter limit here.
 */
function serverOptions(limits: ServerLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 10))),
  };
}

/** How much longer than the request timeout a connection may sit with nothing moving. */
export const IDLE_GRACE_MS = 1000;

function listen(app: Hono<AppEnv>, host: string, port: number, limits: ServerLimits): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port, serverOptions: serverOptions(limits) }, () => resolve(server as Server));
    const http = server as Server;
    // More connections than this are closed as they arrive: a flood of idle sockets cannot use up the process's files.
    http.maxConnections = limits.maxConnections;
    // A connection where no byte moves either way (e.g. a client that stops reading an answer) is closed too; a second
    // later than the request timeout, so that a request stalled mid-body gets its 408 first.
    http.setTimeout(limits.requestTimeoutMs + IDLE_GRACE_MS);
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is in use: set PORT to another port`));
      else if (error.code === 'EACCES') reject(new Error(`port ${port} needs privileges: set PORT to a port above 1023`));
      else reject(new Error(`cannot listen on ${host}:${port}: ${error.message}`));
    });
  });
}

/**
 * Builds the app from the production parts (compose.ts) and serves API and built app on Node at the configured host
 * and port. `opts.users` replaces `config.users` when given.
 */
export async function startCoffer(
  config: Config,
  opts: { s3: CofferS3Options; users?: User[]; logger?: Logger },
): Promise<RunningCoffer> {
  const { deps, client } = productionParts(config, opts.s3, opts);
  const app = createApp(deps);
  serveApp(app, config.staticDir, deps.logger);
  const server = await listen(app, config.host, config.port, config.server);
  addSecurityHeaders(server, appSecurityHeaders(opts.s3));
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
        client.destroy();
      }),
  };
}
