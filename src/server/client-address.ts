/**
 * The address a request comes from, for the per-address rate limit of the public routes. It is the connection's peer
 * (on Node) or API Gateway's `sourceIp` (on Lambda). X-Forwarded-For is anyone's to write, so it is read only when the
 * peer is a proxy the operator named in COFFER_TRUSTED_PROXIES, and then only as far as the proxies go: from the right,
 * the first address that is not a trusted proxy is the client (entries further left came from the client itself).
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { nodeIncoming, requestHeader } from './request-body.ts';

/** Finds a request's client address; undefined where the runtime gives none (e.g. `app.request()` in tests). */
export type ClientAddressOf = (c: Context) => string | undefined;

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The address without a zone id, and IPv4-mapped IPv6 (`::ffff:1.2.3.4`, Node's dual-stack sockets) as IPv4. */
function normalise(address: string): string {
  const bare = address.replace(/%.*$/, '');
  return MAPPED_V4.exec(bare)?.[1] ?? bare;
}

function proxyList(proxies: readonly string[]): BlockList {
  const list = new BlockList();
  for (const item of proxies) {
    const [address = '', bits] = item.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** The connection's peer on Node, or the source address API Gateway saw on Lambda. */
function peerAddress(c: Context): string | undefined {
  const incoming = nodeIncoming(c);
  if (incoming !== undefined) return incoming.socket.remoteAddress;
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('requestContext' in env)) return undefined;
  const context = env.requestContext as { http?: { sourceIp?: unknown }; identity?: { sourceIp?: unknown } } | undefined;
  const ip = context?.http?.sourceIp ?? context?.identity?.sourceIp;
  return typeof ip === 'string' ? ip : undefined;
}

/** A finder of client addresses that believes X-Forwarded-For only from `trustedProxies` (addresses or CIDR ranges). */
export function createClientAddress(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = proxyList(trustedProxies);
  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (c) => {
    const peer = peerAddress(c);
    if (peer === undefined) return undefined;
    let client = normalise(peer);
    if (trustedProxies.length === 0 || !isTrusted(client)) return client;
    const hops = (requestHeader(c, 'x-forwarded-for') ?? '').split(',').map((hop) => normalise(hop.trim()));
    for (const hop of hops.reverse()) {
      // An entry that is no address means a proxy that is not set up as the operator said: keep the last good hop.
      if (isIP(hop) === 0) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}

/** Expands an IPv6 address to its eight groups (`::` filled in). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return groups.map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * What one client's allowance is counted under: an IPv4 address, or the /64 network of an IPv6 address - one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would hand an attacker 2^64 allowances.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}
