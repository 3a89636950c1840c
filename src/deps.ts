import type { Context } from 'hono';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { AtomicWrite } from './db/atomic.ts';
import type { Db } from './db/schema.ts';
import type { ReferenceBundle } from './http/docs/reference-bundle.ts';
import type { Ids } from './ids.ts';
import type { Mailer } from './mail/mailer.ts';
import type { LinearTimeCheck } from './providers/pattern-safety.ts';
import type { WebhookTransport } from './webhooks/transport.ts';

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
  /** Proves a provider's custom pattern linear-time at import, without stalling the server (Node: off the event loop). */
  linearTimeCheck: LinearTimeCheck;
  /** Posts webhooks to apps (on Node in production: public addresses only, checked after DNS). */
  webhookTransport: WebhookTransport;
  /** Called after new mail or a webhook message is committed, so a sender can pick it up without waiting. */
  wakeSender: () => void;
  /**
   * The address of the peer that sent a request, when the runtime knows it (Node: the socket's; Workers:
   * CF-Connecting-IP, which Cloudflare sets). `TRUSTED_CLIENT_IP_HEADER` takes precedence when set.
   */
  clientAddress: (c: Context) => string | undefined;
  /** The API reference page's script; without it (Workers, for now) /api/v1/docs is a 404. */
  referenceBundle?: ReferenceBundle;
  /** Operational log lines. Never given tokens, identifiers or free text. */
  log: (line: string) => void;
}
