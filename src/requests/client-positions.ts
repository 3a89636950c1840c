import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenKey } from '../config.ts';

/**
 * What an app is shown of where its requests stand: the list poll's cursor and the status poll's ETag.
 * Both stand for change numbers, which count every app's changes: shown as they are, an app would
 * watch the whole platform's volume in them. So a cursor is its number sealed under a key derived from
 * TOKEN_SECRETS (the same position is the same cursor, across restarts too; a made-up, altered or
 * another app's cursor does not open), and an ETag is a keyed hash of its number.
 *
 * node:crypto's HMAC (Workers have it too, under nodejs_compat) rather than WebCrypto: it is
 * synchronous, and WebCrypto's hand-over to another thread costs more than a whole status poll.
 */
export interface ClientPositions {
  /** The cursor a client continues from after this change number. */
  cursor(clientId: string, changeSeq: number): string;
  /** The change number of a cursor we gave this client, or null for anything else. */
  changeOf(clientId: string, cursor: string): number | null;
  /** Stands for one version of a request: equal for the same change number, and nothing else to read. */
  versionTag(changeSeq: number): string;
}

const CURSOR_VERSION = 2;
const CURSOR_HEADER = Buffer.from([CURSOR_VERSION]);
const TAG_BYTES = 12;
const CURSOR_BYTES = 1 + TAG_BYTES + 8;
const SEAL_TAG = Buffer.from([1]);
const SEAL_PAD = Buffer.from([2]);
const VERSION_TAG = Buffer.from([3]);

const KEY_PURPOSE = Buffer.from('canceldesk app positions v1');
const derived = new WeakMap<TokenKey[], ClientPositions>();

/** The first key seals and tags; every listed key opens, so rotating TOKEN_SECRETS keeps cursors working. */
export function clientPositions(tokenKeys: TokenKey[]): ClientPositions {
  let positions = derived.get(tokenKeys);
  if (!positions) derived.set(tokenKeys, (positions = positionsUnder(tokenKeys.map((k) => hmac(Buffer.from(k.secret), KEY_PURPOSE)))));
  return positions;
}

/**
 * A deterministic authenticated encryption of the number (SIV from HMAC): the tag, a MAC of the number
 * and the client, is also the nonce of the pad that hides the number.
 */
function positionsUnder(keys: Buffer[]): ClientPositions {
  const sealing = keys[0]!;
  const sealed = remembered<string, string>();
  const opened = remembered<string, number>();
  const versionTags = remembered<number, string>();
  const tagOf = (key: Buffer, number: Buffer, clientId: string) => hmac(key, SEAL_TAG, number, clientId).subarray(0, TAG_BYTES);
  return {
    cursor(clientId, changeSeq) {
      const known = sealed.get(`${clientId} ${changeSeq}`);
      if (known !== undefined) return known;
      const number = uint64(changeSeq);
      const tag = tagOf(sealing, number, clientId);
      const pad = hmac(sealing, SEAL_PAD, tag);
      return sealed.set(`${clientId} ${changeSeq}`, Buffer.concat([CURSOR_HEADER, tag, xor(number, pad)]).toString('base64url'));
    },
    changeOf(clientId, cursor) {
      const known = opened.get(`${clientId} ${cursor}`);
      if (known !== undefined) return known;
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.length !== CURSOR_BYTES || bytes[0] !== CURSOR_VERSION || bytes.toString('base64url') !== cursor) return null;
      const tag = bytes.subarray(1, 1 + TAG_BYTES);
      for (const key of keys) {
        const number = xor(bytes.subarray(1 + TAG_BYTES), hmac(key, SEAL_PAD, tag));
        if (timingSafeEqual(tagOf(key, number, clientId), tag)) {
          const changeSeq = Number(number.readBigUInt64BE());
          // Only cursors that opened are remembered: made-up ones cannot crowd out the real.
          return Number.isSafeInteger(changeSeq) ? opened.set(`${clientId} ${cursor}`, changeSeq) : null;
        }
      }
      return null;
    },
    versionTag: (changeSeq) =>
      versionTags.get(changeSeq) ?? versionTags.set(changeSeq, hmac(sealing, VERSION_TAG, uint64(changeSeq)).subarray(0, TAG_BYTES).toString('base64url')),
  };
}

/** Remembered per process and kind, oldest out first: about 1.5 MB in all when full. */
const REMEMBERED_POSITIONS = 5_000;

/**
 * Polls repeat themselves: an app asks after the same version of a request, or for the same page end,
 * or sends the same quiet cursor, again and again, and each HMAC costs a few per cent of such a poll.
 */
function remembered<K, V>() {
  const seen = new Map<K, V>();
  return {
    get: (key: K): V | undefined => seen.get(key),
    set(key: K, value: V): V {
      if (seen.size >= REMEMBERED_POSITIONS) seen.delete(seen.keys().next().value!);
      seen.set(key, value);
      return value;
    },
  };
}

/** HMAC-SHA256 of one purpose byte and the parts: each purpose its own domain under the same key. */
function hmac(key: Buffer, purpose: Buffer, ...parts: (Buffer | string)[]): Buffer {
  const mac = createHmac('sha256', key).update(purpose);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

function uint64(value: number): Buffer {
  const bytes = Buffer.allocUnsafe(8);
  bytes.writeUInt32BE(Math.floor(value / 2 ** 32), 0);
  bytes.writeUInt32BE(value >>> 0, 4);
  return bytes;
}

function xor(number: Buffer, pad: Buffer): Buffer {
  const out = Buffer.allocUnsafe(8);
  for (let i = 0; i < 8; i++) out[i] = number[i]! ^ pad[i]!;
  return out;
}
