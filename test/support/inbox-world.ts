import { expect } from 'vitest';
import type { Deps } from '../../src/deps.ts';
import { issueInboxLink } from '../../src/provider-inbox/inbox-link.ts';
import { replyWorld } from './reply-world.ts';
import { ACME_GYM, acmeGymIn, addProviders, JANE } from './test-deps.ts';

/** Provider B beside ACME_GYM (provider A): the same identifiers, in Swedish. */
export const OTHER_PROVIDER = acmeGymIn('sv');

/**
 * A world for the provider inbox: the reply world's provider (A) and app, a second provider (B), and
 * helpers that act as a provider's back office does: open its inbox link, post a request's form from it.
 */
export async function inboxWorld(env: Record<string, string> = {}, overrides: Partial<Deps> = {}) {
  const world = await replyWorld(env, overrides);
  await addProviders(world.deps, OTHER_PROVIDER);
  return {
    ...world,
    /** Creates a request at `providerId` as the app would; its id and reference. */
    async createAt(providerId: string, customer: Record<string, string> = JANE): Promise<{ id: string; reference: string }> {
      const response = await world.api.post('/cancellation-requests', { provider: providerId, customer });
      expect(response.status).toBe(201);
      const { id, caseReference } = (await response.json()) as { id: string; caseReference: string };
      return { id, reference: caseReference };
    },
    /** A fresh inbox link of the provider, as a path (`/provider/<token>`). */
    async inboxPathOf(providerId: string = ACME_GYM.id, days?: number): Promise<string> {
      const link = await issueInboxLink(world.deps, providerId, days);
      if (link.kind !== 'issued') throw new Error(link.kind);
      return new URL(link.url).pathname;
    },
  };
}

/** An answer the form takes: cancelled, access until `date`. */
export const cancelledUntil = (date: string) => ({ outcome: 'cancelled', date });
