import { base64url } from 'jose';

/**
 * Support passwords, hashed with PBKDF2-SHA256 through WebCrypto so the same code runs on Node and
 * Workers. Stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url) so the cost can rise later
 * without invalidating existing hashes: verification reads the iterations from the string.
 */

// Cloudflare Workers' WebCrypto refuses PBKDF2 above 100,000 iterations, so this is also the ceiling.
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const SCHEME = 'pbkdf2-sha256';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const key = await pbkdf2(password, salt, PBKDF2_ITERATIONS);
  return [SCHEME, PBKDF2_ITERATIONS, base64url.encode(salt), base64url.encode(key)].join('$');
}

/** False for a wrong password and for anything that is not a hash we wrote; it never throws. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const candidate = await pbkdf2(password, parsed.salt, parsed.iterations);
  return constantTimeEqual(candidate, parsed.key);
}

function parseStored(stored: string): { iterations: number; salt: Uint8Array<ArrayBuffer>; key: Uint8Array } | null {
  const [scheme, iterationsText, salt, key, ...rest] = stored.split('$');
  if (scheme !== SCHEME || rest.length > 0 || !iterationsText || !salt || !key) return null;
  if (!/^[1-9][0-9]{0,8}$/.test(iterationsText) || !BASE64URL.test(salt) || !BASE64URL.test(key)) return null;
  const iterations = Number(iterationsText);
  // Above the ceiling Workers would throw; a stored hash must not be able to make us do unbounded work.
  if (iterations > PBKDF2_ITERATIONS) return null;
  try {
    const decoded = { iterations, salt: new Uint8Array(base64url.decode(salt)), key: base64url.decode(key) };
    return decoded.salt.length > 0 && decoded.key.length === KEY_BYTES ? decoded : null;
  } catch {
    return null;
  }
}

async function pbkdf2(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, KEY_BYTES * 8);
  return new Uint8Array(bits);
}

/** Looks at every byte whatever it finds, so the time taken says nothing about where a guess went wrong. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}
