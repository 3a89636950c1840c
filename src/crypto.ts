import { base64url } from 'jose';

/** WebCrypto helpers that run unchanged on Node and Workers. */

export const randomSecret = (bytes = 32): string => base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
