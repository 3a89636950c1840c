import ipaddr from 'ipaddr.js';
import type { Config } from '../config.ts';

/**
 * Where an app may have us send its webhooks. In production only to public addresses over https: a
 * webhook URL is typed by a customer's engineer, and pointing it at 127.0.0.1, the cloud's metadata
 * address or an office network would turn our server into their proxy (SSRF). Development and tests
 * deliver to loopback on purpose.
 */
export function webhookUrlProblem(raw: string, environment: Config['environment']): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an absolute http(s) URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (environment !== 'production') return null;
  if (url.protocol !== 'https:') return 'must use https in production';
  return privateHostProblem(url.hostname);
}

/** Why a host (a name or a literal address, as in a URL) may not receive webhooks, or null. */
export function privateHostProblem(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this machine';
  if (ipaddr.isValid(host) && !isPublicAddress(host)) return 'must not point at a private, loopback or link-local address';
  return null;
}

/** True only for globally routable unicast addresses (IPv4-mapped IPv6 judged as the IPv4 it maps). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}
