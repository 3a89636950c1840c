import { createHmac } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { TokenKey } from '../config.ts';

/**
 * What groups a link's fetches by where they came from without keeping an address: a keyed hash of the
 * network (IPv4 /24, IPv6 /48; a scanner's fleet shares one), cut to 16 hex digits. The key is derived
 * from the signing secret; rotating it only starts the groups afresh. Null when the address is unknown.
 * node:crypto's HMAC is synchronous (as in client-positions.ts): WebCrypto's waits on Node's thread pool,
 * which under load cost the form's GET about 2 ms.
 */
export function networkKey(signing: TokenKey, address: string | undefined): string | null {
  const network = networkOf(address);
  if (!network) return null;
  return createHmac('sha256', keyFor(signing)).update(network).digest('hex').slice(0, 16);
}

function networkOf(address: string | undefined): string | null {
  if (!address || !ipaddr.isValid(address)) return null;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return `${(ip as ipaddr.IPv4).octets.slice(0, 3).join('.')}.0/24`;
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 3);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0, 0]).toString()}/48`;
}

// Derived once per signing key: every fetch of every link needs it.
const keys = new WeakMap<TokenKey, Buffer>();

function keyFor(signing: TokenKey): Buffer {
  let key = keys.get(signing);
  if (!key) {
    key = createHmac('sha256', signing.secret).update('link-activity').digest();
    keys.set(signing, key);
  }
  return key;
}
