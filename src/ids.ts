/** New identifiers, injected so tests can choose them (a colliding reference, say). */
export interface Ids {
  /** A new opaque row id such as `cr_x3…`. */
  id(prefix: string): string;
  /** A short reference a person can read aloud, quoted in emails: `CD-7K3M9QX2`. */
  reference(): string;
}

// Crockford's base32: no I, L, O or U, so a reference read over the phone is not misheard.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const randomIds: Ids = {
  id: (prefix) => `${prefix}_${randomString(20, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
  reference: () => `CD-${randomString(8, CROCKFORD)}`,
};

/** Unbiased random characters from WebCrypto (available on Node and Workers alike). */
function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}
