import type { Context } from 'hono';
import type { z } from 'zod';
import { Problem } from './problem.ts';

/** Largest JSON request body: a complete request listing 10,000 parts fits with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;

const KEY_FIELDS = new Set(['key', 'prefix']);

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
 * Reads a JSON body: 415 unless `Content-Type: application/json`, 400 `invalid_json` when it
 * does not parse, 400 `invalid_request`/`invalid_key` when it does not match `schema`.
 * The size limit is enforced before by the body-limit middleware.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new Problem(415, 'unsupported_media_type', 'send the body as Content-Type: application/json');
  }
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text());
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
