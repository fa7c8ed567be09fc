import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { AppEnv } from './context.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { createS3Client, createS3Storage } from './s3-storage.ts';
import { addSecurityHeaders, appSecurityHeaders } from './security-headers.ts';
import { createUserStore, type User } from './users.ts';

/** How `startCoffer` reaches S3; credentials come from the AWS default chain unless given. */
export interface CofferS3Options {
  endpoint?: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A running endpoint. */
export interface RunningCoffer {
  /** Where it listens, e.g. http://127.0.0.1:8787. */
  url: string;
  close(): Promise<void>;
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

function listen(app: Hono<AppEnv>, host: string, port: number): Promise<ReturnType<typeof serve>> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is in use: set PORT to another port`));
      else if (error.code === 'EACCES') reject(new Error(`port ${port} needs privileges: set PORT to a port above 1023`));
      else reject(new Error(`cannot listen on ${host}:${port}: ${error.message}`));
    });
  });
}

/**
 * Builds the S3 client, user store and app, and serves API and built app on Node at the
 * configured host and port. `opts.users` replaces `config.users` when given.
 */
export async function startCoffer(
  config: Config,
  opts: { s3: CofferS3Options; users?: User[]; logger?: Logger },
): Promise<RunningCoffer> {
  const logger = opts.logger ?? createJsonLogger();
  const { endpoint, region, bucket, forcePathStyle, credentials } = opts.s3;
  const client = createS3Client({
    region,
    forcePathStyle,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
  });
  const sse = config.sse.kind === 'none' ? undefined : config.sse;
  const app = createApp({
    config,
    storage: createS3Storage({ client, bucket, ...(sse === undefined ? {} : { sse }) }),
    users: createUserStore(opts.users ?? config.users),
    logger,
  });
  serveApp(app, config.staticDir, logger);
  const server = await listen(app, config.host, config.port);
  addSecurityHeaders(server as Server, appSecurityHeaders(opts.s3));
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        if ('closeAllConnections' in server) server.closeAllConnections();
        client.destroy();
      }),
  };
}
