import type { Config } from './config.ts';
import type { AtomicWrite } from './db/atomic.ts';
import type { Db } from './db/schema.ts';
import type { Mailer } from './mail/mailer.ts';

/**
 * Everything the core needs from the outside world, injected by an entry point (Node, Workers, CLI)
 * so the same app runs on any of them and tests can swap in fakes.
 */
export interface Deps {
  config: Config;
  db: Db;
  atomic: AtomicWrite;
  mailer: Mailer;
  clock: Clock;
  ids: Ids;
  /** Called after new mail is committed to the outbox, so a sender can pick it up without waiting. */
  wakeSender: () => void;
  /** Operational log lines. Never given tokens, identifiers or free text. */
  log: (line: string) => void;
}

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new opaque row id such as `cr_Xq3…`. */
  id(prefix: string): string;
  /** A short reference a person can read aloud, quoted in emails: `CD-7K3M9QX2`. */
  reference(): string;
}

export const systemClock: Clock = { now: () => new Date() };

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

/** `YYYY-MM-DD` of a moment, in UTC. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
