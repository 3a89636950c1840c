import { errors, jwtVerify, SignJWT } from 'jose';
import type { TokenKey } from '../config.ts';

/**
 * The signing rules every link token follows (reply links, provider inbox links): HS256 under the
 * configured keys (the first signs, any verifies by `kid`, so rotation keeps old links alive), only
 * opaque ids and standard claims (THREATS 2), and each kind of link its own audience and type, so one
 * kind is never accepted as another.
 */
const ISSUER = 'canceldesk';
const ALGORITHM = 'HS256';

export interface LinkKind {
  audience: string;
  type: string;
}

export interface LinkClaims {
  subject: string;
  /** The token's own id (`jti`). */
  id: string;
}

/** An expired token was still signed by us, so its subject is known; one that fails any other check says nothing. */
export type LinkTokenCheck =
  | ({ ok: true } & LinkClaims)
  | { ok: false; reason: 'expired'; subject: string }
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

export async function signLinkToken(kind: LinkKind, keys: TokenKey[], claims: LinkClaims & { issuedAt: Date; expiresAt: Date }): Promise<string> {
  const [signingKey] = keys;
  if (!signingKey) throw new Error('no token signing key configured');
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, kid: signingKey.kid, typ: kind.type })
    .setIssuer(ISSUER)
    .setAudience(kind.audience)
    .setSubject(claims.subject)
    .setJti(claims.id)
    .setIssuedAt(seconds(claims.issuedAt))
    .setExpirationTime(seconds(claims.expiresAt))
    .sign(await cryptoKey(signingKey));
}

/** Verifies per RFC 8725: pinned algorithm, issuer, audience, type and a required expiry. */
export async function verifyLinkToken(kind: LinkKind, keys: TokenKey[], token: string, now: Date): Promise<LinkTokenCheck> {
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
        audience: kind.audience,
        typ: kind.type,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        currentDate: now,
      },
    );
    return { ok: true, subject: payload.sub as string, id: payload.jti as string };
  } catch (error) {
    // jose checks the expiry last: by then the signature, issuer, audience, type and claims all held.
    if (error instanceof errors.JWTExpired && typeof error.payload.sub === 'string') return { ok: false, reason: 'expired', subject: error.payload.sub };
    if (error instanceof errors.JOSEError) return { ok: false, reason: 'invalid' };
    throw error;
  }
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);
