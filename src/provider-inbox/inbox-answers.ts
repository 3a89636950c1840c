import { latestAnswer } from '../db/answers.ts';
import { findProviderRequest, inboxLinkStillValid } from '../db/provider-inbox.ts';
import type { Deps } from '../deps.ts';
import type { AnswerFormInput } from '../requests/answer-form.ts';
import { MAX_PROVIDER_ANSWERS } from '../requests/record-answer.ts';
import { answerReplyRequest, type ReplyRequest, type ReplySubmission, replyRequestOf } from '../requests/reply-link.ts';
import { inInbox } from './inbox.ts';
import type { InboxAccess } from './inbox-link.ts';

/**
 * One request of the provider's inbox, as its reply form shows it; null when the request is not this
 * provider's (THREATS 21), is closed, or is neither open nor answered in the last 30 days. Only reads.
 */
export async function openInboxRequest(deps: Pick<Deps, 'db' | 'clock'>, access: InboxAccess, requestId: string): Promise<ReplyRequest | null> {
  const row = await findProviderRequest(deps.db, access.provider.id, requestId);
  if (!row || row.closed_at !== null || !inInbox(row, deps.clock.now())) return null;
  // Answered as the request's current link would be: the write waits for that link still being current.
  return replyRequestOf({ ...row, provider_id: access.provider.id }, access.provider, await latestAnswer(deps.db, row.id), row.link_id);
}

export type InboxSubmission = ReplySubmission | { kind: 'not_in_inbox' };

/**
 * An answer posted from the inbox: the reply form's rules and the same recording (history, the app's
 * outcome and webhook, the cap), and besides, the inbox link still unrevoked when the answer is written.
 */
export async function answerInboxRequest(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>,
  access: InboxAccess,
  requestId: string,
  input: AnswerFormInput,
): Promise<InboxSubmission> {
  const request = await openInboxRequest(deps, access, requestId);
  if (!request) return { kind: 'not_in_inbox' };
  return answerReplyRequest(deps, request, input, {
    onlyIf: inboxLinkStillValid(access.provider.id, access.generation),
    whyRefused: async () => {
      const now = await openInboxRequest(deps, access, requestId);
      if (!now) return 'closed';
      return now.answers >= MAX_PROVIDER_ANSWERS ? 'answer_limit' : 'revoked';
    },
  });
}
