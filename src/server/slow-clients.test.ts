/**
 * Slow and vanishing clients against the real Node server of `startCoffer`, over raw sockets: headers dribbled
 * (slowloris), a body that stalls half-way, a client that disconnects mid-body, more connections than the cap, an
 * idle keep-alive connection and a client that stops reading. The server runs with timeouts of a few hundred ms, and
 * no S3 behind it: every request here ends before one would be needed.
 */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ServerLimits } from './config.ts';
import { createJsonLogger } from './logger.ts';
import { startCoffer, type RunningCoffer } from './start.ts';
import { userFromToken } from './users.ts';

const TOKEN = 'alice-token-0123456789';
const LIMITS: ServerLimits = { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 300, maxConnections: 3 };
/** Far more than the socket buffers hold (a sparse file: no disk used). */
const BIG_FILE_BYTES = 256 * 1024 * 1024;

let dir: string;
let coffer: RunningCoffer;
let port: number;
const lines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coffer-slow-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Coffer</title>');
  await writeFile(join(dir, 'big.bin'), '');
  await truncate(join(dir, 'big.bin'), BIG_FILE_BYTES);
  const config = { ...parseConfig({ PORT: '0', COFFER_STATIC_DIR: dir, COFFER_RATE_LIMIT: '0' }), server: LIMITS };
  coffer = await startCoffer(config, {
    s3: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'b', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
    users: [userFromToken('alice', TOKEN)],
    logger: createJsonLogger((line) => lines.push(line)),
  });
  port = Number(new URL(coffer.url).port);
});

afterAll(async () => {
  await coffer.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw connection that records what it receives and when the server closed it. */
async function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const socket = connect(port, '127.0.0.1');
  const started = performance.now();
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return { socket, received: () => text, closed };
}

const presignHead = (length: number) =>
  `POST /v1/presign HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

/** One request on a new connection: the answer, or '' when the server closed the connection unanswered. */
async function serve(): Promise<string> {
  const client = await open();
  client.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  await client.closed;
  return client.received();
}

const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the Node server and slow clients', () => {
  it('answers a prompt request', async () => {
    const response = await fetch(`${coffer.url}/v1/health`);
    expect(response.status).toBe(200);
  });

  it('cuts off a client that dribbles its headers (slowloris) with 408 once the headers timeout passes', async () => {
    const client = await open();
    client.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n');
    const dribble = setInterval(() => client.socket.write('X-Slow: 1\r\n'), 50);
    const after = await client.closed;
    clearInterval(dribble);
    expect(after).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 20);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off a client that sends half a body and stalls, and logs it as one line without a stack', async () => {
    lines.length = 0;
    const client = await open();
    client.socket.write(`${presignHead(100)}{"method":`);
    const after = await client.closed;
    expect(after).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 20);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    await expect.poll(records).toEqual([expect.objectContaining({ level: 'info', msg: 'request', route: '/v1/presign', status: 400, aborted: true, user: 'alice' })]);
    expect(lines.join('')).not.toContain('stack');
  });

  it('logs a client that disconnects mid-body as one line, never as an unhandled error', async () => {
    lines.length = 0;
    const client = await open();
    client.socket.write(`${presignHead(100)}{"method":`);
    await expect.poll(() => lines.length === 0 && client.received() === '').toBe(true);
    client.socket.destroy();
    await expect.poll(records).toEqual([expect.objectContaining({ level: 'info', route: '/v1/presign', status: 400, aborted: true })]);
    expect(lines.join('')).not.toMatch(/unhandled|stack|"level":"error"/);
  });

  it('closes connections over the cap as they arrive, and serves again once one is gone', async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => open()));
    const extra = await open();
    await extra.closed;
    expect(extra.received()).toBe('');
    held[0]?.socket.destroy();
    await held[0]?.closed;
    // The server counts the closed connection off as soon as it sees it go; until then a newcomer is still refused.
    await expect.poll(serve).toMatch(/^HTTP\/1\.1 200 /);
    for (const client of held) client.socket.destroy();
    await Promise.all(held.map((client) => client.closed));
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const client = await open();
    client.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    await expect.poll(client.received).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\n\r\n/);
    const answeredAt = performance.now();
    await client.closed;
    const idle = performance.now() - answeredAt;
    expect(idle).toBeGreaterThanOrEqual(LIMITS.keepAliveTimeoutMs - 50);
    // Node keeps a connection up to a second past the timeout; its default (5 s) would be far past this.
    expect(idle).toBeLessThan(LIMITS.keepAliveTimeoutMs + 3000);
  });

  it('frees the connections of clients that stop reading an answer', async () => {
    const readers = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => open()));
    for (const reader of readers) {
      reader.socket.pause();
      reader.socket.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n');
    }
    // Every connection is held by a reader that takes nothing once the socket buffers are full, and readers never close
    // one: anyone else is served only once the server gives up on a reader by itself (after the idle timeout).
    await expect.poll(serve, { timeout: 15_000, interval: 200 }).toMatch(/^HTTP\/1\.1 200 /);
    for (const other of readers) other.socket.destroy();
  });
});
