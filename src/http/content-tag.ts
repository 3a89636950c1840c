/**
 * A strong ETag for a JSON body, computed in the handler. hono's etag() would otherwise clone the
 * response, read the clone as a stream and SHA-1 it through WebCrypto on every poll; with the header
 * already set it only compares. An ETag needs to change with the content, not to resist forgery, so a
 * 53-bit non-cryptographic hash (cyrb53) is enough: two versions of one request colliding is a
 * one-in-10^15 chance of a poll seeing a 304 until the next change.
 */
export const contentTag = (body: unknown): string => `"${cyrb53(JSON.stringify(body)).toString(36)}"`;

function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
