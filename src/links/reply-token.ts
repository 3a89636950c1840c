import { errors, jwtVerify, SignJWT } from 'jose';
import type { TokenKey } from '../config.ts';

/**
 * The signed token in a reply link. It carries only opaque ids and standard claims: a mail scanner,
 * a forwarded email or a log line that sees it learns nothing about the customer (THREATS 2).
 */
const ISSUER = 'canceldesk';
const AUDIENCE = 'canceldesk:reply';
const TYPE = 'canceldesk-reply+jwt';
const ALGORITHM = 'HS256';

export interface ReplyClaims {
  requestId: string;
  /** The link's own id (`jti`); the request remembers which one is current, so a re-issued link revokes the old. */
  linkId: string;
}

/**
 * An expired token was still signed by us, so the request it names is known (to pick the page's
 * language); a token that fails any other check says nothing.
 */
export type ReplyTokenCheck =
  | ({ ok: true } & ReplyClaims)
  | { ok: false; reason: 'expired'; requestId: string }
  | { ok: false; reason: 'invalid' };

const encoder = new TextEncoder();
const importedKeys = new WeakMap<TokenKey, Promise<CryptoKey>>();

/**
 * The HMAC key of a configured secret, imported into WebCrypto once: given the raw bytes, jose would
 * import them again for every link opened or signed.
 */
function cryptoKey(key: TokenKey): Promise<CryptoKey> {
  let imported = importedKeys.get(key);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', encoder.encode(key.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    importedKeys.set(key, imported);
  }
  return imported;
}

export async function signReplyToken(
  keys: TokenKey[],
  claims: ReplyClaims & { issuedAt: Date; expiresAt: Date },
): Promise<string> {
  const [signingKey] = keys;
  if (!signingKey) throw new Error('no token signing key configured');
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, kid: signingKey.kid, typ: TYPE })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.requestId)
    .setJti(claims.linkId)
    .setIssuedAt(seconds(claims.issuedAt))
    .setExpirationTime(seconds(claims.expiresAt))
    .sign(await cryptoKey(signingKey));
}

/** Verifies per RFC 8725: pinned algorithm, issuer, audience, type and a required expiry. */
export async function verifyReplyToken(keys: TokenKey[], token: string, now: Date): Promise<ReplyTokenCheck> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed();
        return cryptoKey(key);
      },
      {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: TYPE,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        currentDate: now,
      },
    );
    return { ok: true, requestId: payload.sub as string, linkId: payload.jti as string };
  } catch (error) {
    // jose checks the expiry last: by then the signature, issuer, audience, type and claims all held.
    if (error instanceof errors.JWTExpired && typeof error.payload.sub === 'string') return { ok: false, reason: 'expired', requestId: error.payload.sub };
    if (error instanceof errors.JOSEError) return { ok: false, reason: 'invalid' };
    throw error;
  }
}

export const replyLink = (publicUrl: string, token: string): string => `${publicUrl}/reply/${token}`;

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);
