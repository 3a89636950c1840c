/** New identifiers, injected so tests can choose them (a colliding reference, say). */
export interface Ids {
  /** A new opaque row id such as `cr_x3…`. */
  id(prefix: string): string;
  /** A short reference a person can read aloud, quoted in emails: `CD-7K3M9QX2`. */
  reference(): string;
  /** A request's reply key (`reply+<key>@`): 26 lower-case base32 characters, 130 random bits, so no one guesses another's. */
  replyKey(): string;
}

// Crockford's base32: no I, L, O or U, so a reference read over the phone is not misheard.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// RFC 4648's base32 alphabet, lower case: what a mail system may lower-case anyway.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export const randomIds: Ids = {
  id: (prefix) => `${prefix}_${randomString(20, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
  reference: () => `CD-${randomString(8, CROCKFORD)}`,
  replyKey: () => randomString(26, BASE32),
};

const REFERENCE = /^CD-[0-9A-Z]{8}$/;

/**
 * A reference as a person types it back (`cd-8ng33e5n`, spaces around) in the form it is stored in,
 * or null when the text is not shaped like one.
 */
export function readReference(text: string): string | null {
  const reference = text.trim().toUpperCase();
  return REFERENCE.test(reference) ? reference : null;
}

/** Unbiased random characters from WebCrypto (available on Node and Workers alike). */
function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < limit) out += alphabet[byte % alphabet.length];
  }
  return out;
}

// Random bytes drawn 4 KiB at a time: one getRandomValues call per id cost a 5,000-answer upload half its CPU time.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

function randomByte(): number {
  if (poolAt === pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}
