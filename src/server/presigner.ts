import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Fast presigning. `getSignedUrl` rebuilds the whole SDK middleware stack, resolves the
 * endpoint and makes a new signer on every call (~0.7 ms, which caps one process near
 * 1,500 URLs/s). Here the SDK's own middleware builds one request per operation once (the
 * template: endpoint, bucket addressing, query and headers), and every URL is then that
 * template with the object's key, signed by the SDK's SigV4 signer (`SignatureV4`, which
 * `getSignedUrl` reaches through two thin wrappers whose per-call preparation - the host and
 * UNSIGNED-PAYLOAD headers - is done once here, in the template). SigV4 stays the SDK's; tests
 * check the URLs are byte-identical to `getSignedUrl`'s.
 */

type Operation = 'GET' | 'HEAD' | 'DELETE' | 'PUT' | 'PART';

interface Template {
  method: string;
  protocol: string;
  hostname: string;
  port: number | undefined;
  pathPrefix: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  signingRegion: string;
  signingService: string;
  signer: SignatureV4;
}

/** What to sign: a full S3 key, and for uploads the exact length and any part coordinates. */
export interface PresignTarget {
  operation: Operation;
  key: string;
  contentLength?: number;
  part?: { uploadId: string; partNumber: number };
  /**
   * Headers signed with their values (names in lower case), which the client must send exactly so: they stay
   * headers, never hoisted into the query string, where a header the client adds could override them on some S3s.
   */
  headers?: Record<string, string>;
  expiresIn: number;
  signingDate: Date;
}

const PROBE_KEY = 'coffer-template-probe';
/** Headers the SDK adds per attempt; getSignedUrl drops them too. */
const PER_ATTEMPT_HEADERS = ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent'];

const RESERVED_BY_SIGV4 = /[!'()*]/;

/** The SDK's URI escaping: encodeURIComponent plus `!'()*`. */
function escapeUri(text: string): string {
  const escaped = encodeURIComponent(text);
  return RESERVED_BY_SIGV4.test(text) ? escaped.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`) : escaped;
}

/** What S3's presigner adds to every request before SigV4 signs it: the payload is not signed, the host is. */
function presignHeaders(request: CapturedRequest): Record<string, string> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !PER_ATTEMPT_HEADERS.includes(name)));
  headers['X-Amz-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  const host = `${request.hostname}${request.port != null ? `:${request.port}` : ''}`;
  if (!headers.host || (headers.host === request.hostname && request.port != null)) headers.host = host;
  return headers;
}

/** Not signed unless a target's `headers` name it, as in S3's presigner. */
const UNSIGNABLE_HEADERS = new Set(['content-type']);

function probeCommand(operation: Operation, Bucket: string) {
  const Key = PROBE_KEY;
  switch (operation) {
    case 'GET':
      return new GetObjectCommand({ Bucket, Key });
    case 'HEAD':
      return new HeadObjectCommand({ Bucket, Key });
    case 'DELETE':
      return new DeleteObjectCommand({ Bucket, Key });
    case 'PUT':
      return new PutObjectCommand({ Bucket, Key, ContentLength: 1 });
    case 'PART':
      return new UploadPartCommand({ Bucket, Key, ContentLength: 1, UploadId: 'probe', PartNumber: 1 });
  }
}

interface CapturedRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

async function captureTemplate(client: S3Client, bucket: string, operation: Operation): Promise<Template> {
  const command = probeCommand(operation, bucket);
  const stack = client.middlewareStack.clone();
  let captured: { request: CapturedRequest; region: string; service: string } | undefined;
  stack.addRelativeTo(
    () => async (args: { request: unknown }, context?: Record<string, unknown>) => {
      const signingRegion = context?.signing_region;
      const signingService = context?.signing_service;
      const region = typeof signingRegion === 'string' ? signingRegion : await client.config.region();
      captured = { request: args.request as CapturedRequest, region, service: typeof signingService === 'string' ? signingService : 's3' };
      return { output: { $metadata: {} }, response: {} };
    },
    { name: 'cofferTemplateCapture', relation: 'before', toMiddleware: 'awsAuthMiddleware', override: true },
  );
  // The SDK's types tie each stack to one command's input/output; the capture is generic.
  const handler = command.resolveMiddleware(stack, client.config, {});
  await handler({ input: command.input } as never);
  if (captured === undefined || !captured.request.path.endsWith(PROBE_KEY)) {
    throw new Error(`presigner: the SDK built no request for ${operation}`);
  }
  const { request, region, service } = captured;
  const headers = presignHeaders(request);
  return {
    method: request.method,
    protocol: request.protocol,
    hostname: request.hostname,
    port: request.port,
    pathPrefix: request.path.slice(0, -PROBE_KEY.length),
    query: request.query,
    headers,
    signingRegion: region,
    signingService: service,
    signer: new SignatureV4({
      credentials: client.config.credentials,
      region,
      service,
      sha256: client.config.sha256,
      uriEscapePath: false,
      applyChecksum: false,
    }),
  };
}

/** Signs S3 URLs from cached request templates; see the module comment. */
export function createPresigner(client: S3Client, bucket: string) {
  const templates = new Map<Operation, Promise<Template>>();
  const template = (operation: Operation): Promise<Template> => {
    let found = templates.get(operation);
    if (found === undefined) {
      found = captureTemplate(client, bucket, operation);
      found.catch(() => templates.delete(operation));
      templates.set(operation, found);
    }
    return found;
  };

  return async function presign(target: PresignTarget): Promise<string> {
    const t = await template(target.operation);
    const signedHeaders = target.headers ?? {};
    const headers = { ...t.headers, ...signedHeaders };
    if (target.contentLength !== undefined) headers['content-length'] = String(target.contentLength);
    const query = { ...t.query };
    if (target.part !== undefined) {
      query.uploadId = target.part.uploadId;
      query.partNumber = String(target.part.partNumber);
    }
    const signed = await t.signer.presign(
      {
        method: t.method,
        protocol: t.protocol,
        hostname: t.hostname,
        ...(t.port === undefined ? {} : { port: t.port }),
        path: t.pathPrefix + target.key.split('/').map(escapeUri).join('/'),
        query,
        headers,
      },
      {
        expiresIn: target.expiresIn,
        signingDate: target.signingDate,
        signingRegion: t.signingRegion,
        signingService: t.signingService,
        unsignableHeaders: UNSIGNABLE_HEADERS,
        // The target's headers are signed and stay headers (S3 refuses SSE headers in the query string; RGW lets a sent
        // x-amz-acl header win over an x-amz-acl query parameter): the client must send them as given.
        signableHeaders: new Set(Object.keys(signedHeaders)),
        unhoistableHeaders: new Set(Object.keys(signedHeaders)),
      },
    );
    const signedQuery = signed.query ?? {};
    const search = Object.keys(signedQuery)
      .sort()
      .map((name) => `${escapeUri(name)}=${escapeUri(String(signedQuery[name]))}`)
      .join('&');
    return `${t.protocol}//${t.hostname}${t.port === undefined ? '' : `:${t.port}`}${signed.path}?${search}`;
  };
}
