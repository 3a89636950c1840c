import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
import type { Deps } from '../deps.ts';

/** Every request whose address we cannot tell shares this one source. */
export const UNKNOWN_SOURCE = 'unknown';

/**
 * Where a request comes from, for counting and sharing out logins: the address in the trusted proxy's
 * header (its last entry: the one our proxy added) or else the runtime's, as `sourceOf` reduces it.
 */
export function requestSource(c: Context, deps: Pick<Deps, 'config' | 'clientAddress'>): string {
  return sourceOf(clientAddressOf(c, deps));
}

/** The client's address as given: the trusted proxy's header (its last entry: the one our proxy added), else the runtime's. */
export function clientAddressOf(c: Context, deps: Pick<Deps, 'config' | 'clientAddress'>): string | undefined {
  const header = deps.config.trustedClientIpHeader;
  const forwarded = header ? c.req.header(header)?.split(',').at(-1)?.trim() : undefined;
  return forwarded || deps.clientAddress(c);
}

/**
 * An IPv4 address as it is (an IPv4-mapped IPv6 one included); an IPv6 address as its /64, since one
 * host usually holds a whole /64 and could otherwise count as billions of sources.
 */
export function sourceOf(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return UNKNOWN_SOURCE;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return ip.toString();
  const network = (ip as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...network, 0, 0, 0, 0]).toString()}/64`;
}
