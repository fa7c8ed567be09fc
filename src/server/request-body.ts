import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { z } from 'zod';
import { Problem } from './problem.ts';

/** Largest JSON request body: a complete request listing 10,000 parts fits with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;

const KEY_FIELDS = new Set(['key', 'prefix', 'from', 'to', 'keys']);

function invalid(error: z.ZodError): Problem {
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const message = issue === undefined ? 'invalid request' : `${path === '' ? 'body' : path}: ${issue.message}`;
  const field = issue?.path[0];
  const isKey = issue?.code === 'custom' && typeof field === 'string' && KEY_FIELDS.has(field);
  return new Problem(400, isKey ? 'invalid_key' : 'invalid_request', message);
}

/** Parses `value` with `schema`, or throws a 400 Problem naming the first bad field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/**
 * The client went away (or was cut off by the server's request timeout) before its body was whole. Nobody is left to
 * read the answer: it is a 400 for the request log, never an unhandled error.
 */
export class BodyCutOff extends Problem {
  constructor() {
    super(400, 'invalid_request', 'the request body ended before it was complete');
  }
}

function tooLarge(): Problem {
  return new Problem(413, 'body_too_large', `request bodies may be at most ${MAX_BODY_BYTES} bytes`);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Like `collect`, with events: async iteration over a Node stream costs more than the rest of the read. */
function collectNode(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        incoming.pause();
        reject(tooLarge());
      } else parts.push(chunk);
    });
    incoming.once('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    // Node reports a client that disconnects mid-body as an 'error' ("aborted", ECONNRESET); no other error can come.
    incoming.once('error', () => reject(new BodyCutOff()));
    incoming.once('close', () => {
      if (!incoming.complete) reject(new BodyCutOff());
    });
  });
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** The Node request under @hono/node-server, or undefined on other runtimes (Lambda, tests). */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const env: unknown = c.env;
  const incoming = typeof env === 'object' && env !== null && 'incoming' in env ? env.incoming : undefined;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/**
 * A request header. On Node it is read from the IncomingMessage: `c.req.header()` makes
 * @hono/node-server build a fetch Headers object first.
 */
export function requestHeader(
  c: Context,
  name: 'authorization' | 'content-type' | 'content-length' | 'origin' | 'x-forwarded-for',
): string | undefined {
  const incoming = nodeIncoming(c);
  const header = incoming === undefined ? c.req.header(name) : incoming.headers[name];
  return Array.isArray(header) ? header.join(', ') : header;
}

/**
 * The body as text, at most MAX_BODY_BYTES. On Node the bytes are read straight from the
 * IncomingMessage: going through `c.req.text()` makes @hono/node-server build a full fetch
 * Request (AbortController, web stream), which costs more than signing the URL.
 */
async function readBody(c: Context): Promise<string> {
  const declared = Number(requestHeader(c, 'content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const incoming = nodeIncoming(c);
  if (incoming !== undefined) return collectNode(incoming);
  const body = c.req.raw.body;
  return body === null ? '' : collect(chunksOf(body));
}

/**
 * Reads a JSON body: 415 unless `Content-Type: application/json`, 413 `body_too_large` past
 * MAX_BODY_BYTES, 400 `invalid_json` when it does not parse, 400 `invalid_request`/`invalid_key`
 * when it does not match `schema`.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = requestHeader(c, 'content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new Problem(415, 'unsupported_media_type', 'send the body as Content-Type: application/json');
  }
  const text = await readBody(c);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Problem(400, 'invalid_json', 'the body is not valid JSON');
  }
  return parseWith(schema, json);
}

/** Reads the query string with `schema`; a parameter given twice is refused. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const all = c.req.queries();
  const single: Record<string, string> = {};
  for (const [name, values] of Object.entries(all)) {
    if (values.length !== 1) throw new Problem(400, 'invalid_request', `${name}: given more than once`);
    single[name] = values[0] ?? '';
  }
  return parseWith(schema, single);
}
