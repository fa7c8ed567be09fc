import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { RgwStartError } from './errors.ts';

/**
 * Ports are picked below Linux's default ephemeral range (32768-60999), so an outgoing connection cannot
 * take one between the pick and the daemon's bind; and above Ceph's own OSD range (6800-7300).
 */
const PICK_MIN = 20_000;
const PICK_MAX = 32_000;

/** A TCP port on 127.0.0.1 that was free a moment ago (picked at random, then checked by binding it). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = PICK_MIN + randomInt(PICK_MAX - PICK_MIN);
    if (await canBind(port)) return port;
  }
  throw new RgwStartError(`no free port on 127.0.0.1 between ${PICK_MIN} and ${PICK_MAX}`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails with a one-line error when `port` on 127.0.0.1 is taken. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', () => reject(new RgwStartError(`port ${port} on 127.0.0.1 is already in use`)));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve()));
  });
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random string over `alphabet` (rejection sampling, so no bias). Alphanumeric keys never look like
 * a command-line option to radosgw-admin.
 */
export function randomToken(length: number, alphabet = ALPHANUMERIC): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < limit && out.length < length) out += alphabet.charAt(byte % alphabet.length);
    }
  }
  return out;
}
