import { base64url, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { TokenKey } from '../../src/config.ts';
import { signReplyToken, verifyReplyToken } from '../../src/links/reply-token.ts';
import { JANE } from '../support/test-deps.ts';

const KEY_A: TokenKey = { kid: '2026-a', secret: 'a-secret-that-is-long-enough-for-hs256-0123456789' };
const KEY_B: TokenKey = { kid: '2026-b', secret: 'b-secret-that-is-long-enough-for-hs256-9876543210' };

const ISSUED = new Date('2026-11-21T10:00:00.000Z');
const EXPIRES = new Date('2026-12-21T10:00:00.000Z');
const NOW = new Date('2026-11-22T10:00:00.000Z');
const CLAIMS = { requestId: 'cr_abc123', linkId: 'lnk_def456', issuedAt: ISSUED, expiresAt: EXPIRES };

const sign = (keys: TokenKey[] = [KEY_A]) => signReplyToken(keys, CLAIMS);
const secs = (d: Date) => Math.floor(d.getTime() / 1000);
const encoder = new TextEncoder();

interface CraftOptions {
  header?: Record<string, unknown>;
  iss?: string | null;
  aud?: string | null;
  exp?: boolean;
  secret?: string;
}

/** A token shaped exactly like a real one (signed with KEY_A), with the given things changed. */
async function crafted(options: CraftOptions = {}): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', kid: KEY_A.kid, typ: 'canceldesk-reply+jwt', ...options.header } as never)
    .setSubject(CLAIMS.requestId)
    .setJti(CLAIMS.linkId)
    .setIssuedAt(secs(ISSUED));
  if (options.iss !== null) jwt.setIssuer(options.iss ?? 'canceldesk');
  if (options.aud !== null) jwt.setAudience(options.aud ?? 'canceldesk:reply');
  if (options.exp !== false) jwt.setExpirationTime(secs(EXPIRES));
  return jwt.sign(encoder.encode(options.secret ?? KEY_A.secret));
}

/** Flips one bit of one decoded byte of one segment, re-encoding it as base64url. */
function flipByte(token: string, segment: 0 | 1 | 2, index: number): string {
  const parts = token.split('.');
  const bytes = base64url.decode(parts[segment]!);
  bytes[index] = bytes[index]! ^ 0x01;
  parts[segment] = base64url.encode(bytes);
  return parts.join('.');
}

const invalid = { ok: false, reason: 'invalid' } as const;

describe('what a reply token carries', () => {
  it('has exactly the standard claims iss, aud, sub, exp, iat and jti in its payload', async () => {
    const payload = decodeJwt(await sign());
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
    expect(payload).toEqual({
      iss: 'canceldesk',
      aud: 'canceldesk:reply',
      sub: 'cr_abc123',
      jti: 'lnk_def456',
      iat: secs(ISSUED),
      exp: secs(EXPIRES),
    });
  });

  it('has exactly alg HS256, the signing kid and the reply typ in its header', async () => {
    expect(decodeProtectedHeader(await sign())).toEqual({ alg: 'HS256', kid: KEY_A.kid, typ: 'canceldesk-reply+jwt' });
  });

  it('carries no personal data even when the caller passes some along', async () => {
    const token = await signReplyToken([KEY_A], { ...CLAIMS, ...JANE } as typeof CLAIMS);
    const decoded = JSON.stringify([decodeProtectedHeader(token), decodeJwt(token)]);
    for (const value of Object.values(JANE)) expect(decoded).not.toContain(value);
    expect(Object.keys(decodeJwt(token)).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
  });
});

describe('verifying a reply token', () => {
  it('gives back the request id and link id it was signed with', async () => {
    expect(await verifyReplyToken([KEY_A], await sign(), NOW)).toEqual({
      ok: true,
      requestId: 'cr_abc123',
      linkId: 'lnk_def456',
    });
  });

  it('still accepts a token one second before it expires', async () => {
    const now = new Date(EXPIRES.getTime() - 1000);
    expect((await verifyReplyToken([KEY_A], await sign(), now)).ok).toBe(true);
  });

  it('accepts the crafting helper’s unmodified token, so the rejections below are about the change alone', async () => {
    expect((await verifyReplyToken([KEY_A], await crafted(), NOW)).ok).toBe(true);
  });

  it.each([
    ['header', 0],
    ['payload', 1],
    ['signature', 2],
  ] as const)('refuses a token with any single byte of its %s flipped', async (_name, segment) => {
    const token = await sign();
    const length = base64url.decode(token.split('.')[segment]!).length;
    for (let i = 0; i < length; i++) {
      const result = await verifyReplyToken([KEY_A], flipByte(token, segment, i), NOW);
      expect(result, `byte ${i}`).toEqual(invalid);
    }
  });

  it('refuses a token without an expiry, even signed with the right secret', async () => {
    expect(await verifyReplyToken([KEY_A], await crafted({ exp: false }), NOW)).toEqual(invalid);
  });

  it('refuses a token for another audience or with none', async () => {
    expect(await verifyReplyToken([KEY_A], await crafted({ aud: 'canceldesk:support' }), NOW)).toEqual(invalid);
    expect(await verifyReplyToken([KEY_A], await crafted({ aud: null }), NOW)).toEqual(invalid);
  });

  it('refuses a token from another issuer or with none', async () => {
    expect(await verifyReplyToken([KEY_A], await crafted({ iss: 'someone-else' }), NOW)).toEqual(invalid);
    expect(await verifyReplyToken([KEY_A], await crafted({ iss: null }), NOW)).toEqual(invalid);
  });

  it('refuses a token of another type or with no typ header', async () => {
    expect(await verifyReplyToken([KEY_A], await crafted({ header: { typ: 'JWT' } }), NOW)).toEqual(invalid);
    expect(await verifyReplyToken([KEY_A], await crafted({ header: { typ: 'canceldesk-support+jwt' } }), NOW)).toEqual(invalid);
    expect(await verifyReplyToken([KEY_A], await crafted({ header: { typ: undefined } }), NOW)).toEqual(invalid);
  });

  it('refuses an unsigned token with alg none', async () => {
    const json = (value: object) => base64url.encode(JSON.stringify(value));
    const payload = decodeJwt(await sign());
    const header = { alg: 'none', kid: KEY_A.kid, typ: 'canceldesk-reply+jwt' };
    for (const token of [`${json(header)}.${json(payload)}.`, `${json(header)}.${json(payload)}`]) {
      expect(await verifyReplyToken([KEY_A], token, NOW)).toEqual(invalid);
    }
  });

  it('refuses a token signed with HS512, even with the right secret', async () => {
    expect(await verifyReplyToken([KEY_A], await crafted({ header: { alg: 'HS512' } }), NOW)).toEqual(invalid);
  });

  it('refuses a token signed with another secret under the same kid', async () => {
    expect(await verifyReplyToken([KEY_A], await crafted({ secret: KEY_B.secret }), NOW)).toEqual(invalid);
  });

  it('says expired once the expiry has passed, and from the expiry second on, naming the request its signature vouches for', async () => {
    const token = await sign();
    const expired = { ok: false, reason: 'expired', requestId: CLAIMS.requestId };
    expect(await verifyReplyToken([KEY_A], token, new Date(EXPIRES.getTime() + 1000))).toEqual(expired);
    expect(await verifyReplyToken([KEY_A], token, EXPIRES)).toEqual(expired);
    expect(await verifyReplyToken([KEY_A], token, new Date('2030-01-01T00:00:00Z'))).toEqual(expired);
  });

  it('says invalid, not expired, for an expired token that was tampered with', async () => {
    const later = new Date(EXPIRES.getTime() + 1000);
    expect(await verifyReplyToken([KEY_A], flipByte(await sign(), 2, 10), later)).toEqual(invalid);
    expect(await verifyReplyToken([KEY_A], await crafted({ secret: KEY_B.secret }), later)).toEqual(invalid);
  });

  it('says invalid, without throwing, for an unknown kid or no kid at all', async () => {
    await expect(verifyReplyToken([KEY_A], await crafted({ header: { kid: 'retired' } }), NOW)).resolves.toEqual(invalid);
    await expect(verifyReplyToken([KEY_A], await crafted({ header: { kid: undefined } }), NOW)).resolves.toEqual(invalid);
    await expect(verifyReplyToken([KEY_A], await sign([KEY_B]), NOW)).resolves.toEqual(invalid);
  });

  it.each(['', 'abc', 'a.b.c', '..', 'a.b', 'a.b.c.d.e', '\u0000', 'é.é.é', 'eyJhbGciOiJIUzI1NiJ9.e30.'])(
    'says invalid, without throwing, for the garbage string %j',
    async (garbage) => {
      await expect(verifyReplyToken([KEY_A], garbage, NOW)).resolves.toEqual(invalid);
    },
  );
});

describe('key rotation', () => {
  it('signs new tokens with the first key’s kid', async () => {
    expect(decodeProtectedHeader(await sign([KEY_B, KEY_A])).kid).toBe(KEY_B.kid);
    expect(decodeProtectedHeader(await sign([KEY_A, KEY_B])).kid).toBe(KEY_A.kid);
  });

  it('keeps a link signed with the old key alive while the old key is still listed for verifying', async () => {
    const old = await sign([KEY_A]);
    expect(await verifyReplyToken([KEY_B, KEY_A], old, NOW)).toEqual({ ok: true, requestId: 'cr_abc123', linkId: 'lnk_def456' });
  });

  it('verifies tokens signed with the new key under the rotated config', async () => {
    const fresh = await sign([KEY_B, KEY_A]);
    expect((await verifyReplyToken([KEY_B, KEY_A], fresh, NOW)).ok).toBe(true);
    expect((await verifyReplyToken([KEY_B], fresh, NOW)).ok).toBe(true);
  });

  it('refuses a link signed with a key that has been dropped from the config', async () => {
    expect(await verifyReplyToken([KEY_B], await sign([KEY_A]), NOW)).toEqual(invalid);
  });

  it('refuses to sign without any key', async () => {
    await expect(signReplyToken([], CLAIMS)).rejects.toThrow(/no token signing key/);
  });
});
