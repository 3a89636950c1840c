import ipaddr from 'ipaddr.js';
import type { TokenKey } from '../config.ts';
import { hmacKey, hmacSha256Hex } from '../crypto.ts';

/**
 * What groups a link's fetches by where they came from without keeping an address: a keyed hash of the
 * network (IPv4 /24, IPv6 /48; a scanner's fleet shares one), cut to 16 hex digits. The key is derived
 * from the signing secret; rotating it only starts the groups afresh. Null when the address is unknown.
 */
export async function networkKey(signing: TokenKey, address: string | undefined): Promise<string | null> {
  const network = networkOf(address);
  if (!network) return null;
  return (await hmacSha256Hex(await keyFor(signing), network)).slice(0, 16);
}

function networkOf(address: string | undefined): string | null {
  if (!address || !ipaddr.isValid(address)) return null;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return `${(ip as ipaddr.IPv4).octets.slice(0, 3).join('.')}.0/24`;
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 3);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0, 0]).toString()}/48`;
}

// Derived once per signing key: every fetch of every link needs it.
const keys = new WeakMap<TokenKey, Promise<CryptoKey>>();

function keyFor(signing: TokenKey): Promise<CryptoKey> {
  let key = keys.get(signing);
  if (!key) {
    key = hmacKey(signing.secret).then((signingKey) => hmacSha256Hex(signingKey, 'link-activity')).then(hmacKey);
    keys.set(signing, key);
  }
  return key;
}
