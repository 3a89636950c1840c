import { z } from 'zod';
import { fieldErrors } from './validation.ts';

/**
 * Configuration, parsed once at the door from whatever the runtime calls its environment
 * (`process.env` on Node, `env` on Workers). Nothing else reads the environment.
 */
export interface Config {
  environment: 'development' | 'test' | 'production';
  port: number;
  /** The address the Node server binds; loopback unless the operator opens it up. */
  host: string;
  databaseUrl: string;
  publicUrl: string;
  /** The first key signs new links; every key verifies, so rotating keeps old links alive. */
  tokenKeys: TokenKey[];
  /** `timeoutMs`: a third of the sender lease, so a hung send ends before another sender may take the email. */
  resend: { apiKey: string; baseUrl?: string; timeoutMs: number } | null;
  mailFrom: string;
  mailReplyTo: string | null;
  /**
   * The domain providers' email replies arrive at (`reply+<key>@` it); null leaves replies to
   * `mailReplyTo` and the emails promise nothing about them. Lower case.
   */
  inboundDomain: string | null;
  /** Days a reply link stays valid after the reply window closes, so a late answer still lands. */
  linkGraceDays: number;
  /** Bearer token of the admin API (`/api/v1/admin`); null turns the admin API off. */
  adminToken: string | null;
  /**
   * How long a sender holds an email or a webhook it took; after a crash another sender takes it once
   * this lapses. A send gives up after a third of it, so a slow attempt ends before anyone else may start.
   */
  senderLeaseSeconds: number;
  /** Days after a request became final (answered, expired, failed) before its personal data is erased. */
  retentionDays: number;
  /** Verifies Resend's delivery events (`POST /webhooks/resend`); null leaves that route off. */
  resendWebhookSecret: string | null;
  /**
   * The header a trusted proxy puts the client's address in (`CF-Connecting-IP`, `X-Forwarded-For`);
   * null takes the connection's own address. Only for a server no client can reach but through the proxy.
   */
  trustedClientIpHeader: string | null;
}

export interface TokenKey {
  kid: string;
  secret: string;
}

export const DEVELOPMENT_TOKEN_SECRETS = 'dev:canceldesk-development-signing-key-never-use-in-production';
const DEVELOPMENT_SECRET = DEVELOPMENT_TOKEN_SECRETS.slice(DEVELOPMENT_TOKEN_SECRETS.indexOf(':') + 1);
const MIN_SECRET_LENGTH = 32;

/** Development and production never share a default file: one first started in development holds the public demo key. */
export const DEVELOPMENT_DATABASE_URL = 'file:./data/canceldesk.db';
export const PRODUCTION_DATABASE_URL = 'file:./data/canceldesk.production.db';

// Dot-separated labels of letters, digits and inner hyphens, a letter-led top level: what a mail domain is.
const DOMAIN_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The environment's variables as zod checks them; exported for the test that reads every message. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'must be a SQLite file URL such as file:./data/canceldesk.db')
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TOKEN_SECRETS: z.string().optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('Canceldesk <cancellations@localhost>'),
  MAIL_REPLY_TO: z.string().min(3).optional(),
  INBOUND_DOMAIN: z
    .string()
    .max(253)
    .regex(DOMAIN_NAME, 'must be a domain name such as reply.example.com (no scheme, no @, no port)')
    .transform((domain) => domain.toLowerCase())
    .optional(),
  LINK_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  // Anyone holding it can read free text and create API keys: as long as a signing secret.
  ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  SENDER_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(60),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must be the whsec_… signing secret Resend shows for the webhook').optional(),
  TRUSTED_CLIENT_IP_HEADER: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name such as CF-Connecting-IP').optional(),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/**
 * Parses the environment; throws a ConfigError listing one line per problem, all of them at once, so an
 * operator fixes a deployment in one round rather than one variable per restart.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = blankAsUnset(env);
  const parsed = envSchema.safeParse(raw);
  const problems = parsed.success ? [] : Object.entries(fieldErrors(parsed.error)).map(([name, problem]) => `${name}: ${problem}`);
  const production = raw.NODE_ENV === 'production';

  const tokenKeys = parseTokenSecrets(raw.TOKEN_SECRETS ?? (production ? '' : DEVELOPMENT_TOKEN_SECRETS), problems);
  if (production) {
    if (!raw.TOKEN_SECRETS) problems.push('TOKEN_SECRETS: required in production (comma-separated kid:secret pairs)');
    // The development secret is public (it is in this file), whatever kid it is listed under.
    else if (tokenKeys.some((k) => k.secret === DEVELOPMENT_SECRET)) problems.push('TOKEN_SECRETS: the development key is refused in production');
    if (!raw.PUBLIC_URL) problems.push('PUBLIC_URL: required in production (the origin used in email links)');
    if (!raw.RESEND_API_KEY) problems.push('RESEND_API_KEY: required in production (the local outbox is for development)');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;

  return {
    environment: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? (production ? PRODUCTION_DATABASE_URL : DEVELOPMENT_DATABASE_URL),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    tokenKeys,
    resend: e.RESEND_API_KEY ? { apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL, timeoutMs: (e.SENDER_LEASE_SECONDS * 1000) / 3 } : null,
    mailFrom: e.MAIL_FROM,
    mailReplyTo: e.MAIL_REPLY_TO ?? null,
    inboundDomain: e.INBOUND_DOMAIN ?? null,
    linkGraceDays: e.LINK_GRACE_DAYS,
    adminToken: e.ADMIN_TOKEN ?? null,
    senderLeaseSeconds: e.SENDER_LEASE_SECONDS,
    retentionDays: e.RETENTION_DAYS,
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET ?? null,
    trustedClientIpHeader: e.TRUSTED_CLIENT_IP_HEADER ?? null,
  };
}

function parseTokenSecrets(value: string, problems: string[]): TokenKey[] {
  const keys: TokenKey[] = [];
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = pair.indexOf(':');
    const kid = pair.slice(0, colon);
    const secret = pair.slice(colon + 1);
    if (colon < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(kid)) {
      problems.push('TOKEN_SECRETS: each entry must be kid:secret, the kid made of letters, digits, . _ -');
    } else if (secret.length < MIN_SECRET_LENGTH) {
      problems.push(`TOKEN_SECRETS: the secret for kid "${kid}" is shorter than ${MIN_SECRET_LENGTH} characters`);
    } else if (keys.some((k) => k.kid === kid)) {
      problems.push(`TOKEN_SECRETS: kid "${kid}" appears twice`);
    } else {
      keys.push({ kid, secret });
    }
  }
  if (keys.length === 0 && value && !problems.some((p) => p.startsWith('TOKEN_SECRETS'))) {
    problems.push('TOKEN_SECRETS: no usable kid:secret pair');
  }
  return keys;
}

/** An empty variable (`FOO=`) means "not set", as shells and .env files usually intend. */
function blankAsUnset(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
}
