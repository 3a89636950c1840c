import { base64url } from 'jose';

/** WebCrypto helpers that run unchanged on Node and Workers. */

const toHex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export const randomSecret = (bytes = 32): string => base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? new TextEncoder().encode(data) : data));
}

/** A key for `hmacSha256Hex`; importing is a WebCrypto call of its own, so keep the key when it is reused. */
export const hmacKey = (secret: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

/** HMAC-SHA256 of `message` under `key`, in hex. */
export async function hmacSha256Hex(key: CryptoKey, message: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
}
