import type { Deps } from '../deps.ts';
import { bracketed } from '../mail/reply-address.ts';
import { rebuildMessage } from '../mail/rebuilt-message.ts';
import { showOutboxEmail } from '../outbox/browse.ts';
import { type Reception, receiveEmail } from './receive.ts';

/** An email of ours, as a provider's Reply button sees it. */
export interface ReplyTarget {
  id: string;
  /** The provider's address the email went to: the reply comes from it. */
  providerAddress: string;
  /** Where Reply sends it: the Reply-To, else our From. */
  replyTo: string;
  subject: string;
  messageId: string | null;
}

/** The email in the outbox a provider could reply to; null when there is none. */
export async function replyTargetOf(deps: Pick<Deps, 'db' | 'config'>, emailId: string): Promise<ReplyTarget | null> {
  const email = await showOutboxEmail(deps, emailId);
  if (!email) return null;
  return {
    id: email.id,
    providerAddress: email.recipients[0] ?? 'provider@example.com',
    replyTo: email.reply_to ?? deps.config.mailFrom,
    subject: email.subject,
    messageId: email.message_id,
  };
}

/**
 * Development only: what a provider's mail client sends when they press Reply on one of our emails and
 * write `text` (From them, to the Reply-To, in the thread of its Message-ID), handed to the same use
 * case as every door's mail.
 */
export async function replyAsProvider(
  deps: Parameters<typeof receiveEmail>[0],
  target: ReplyTarget,
  text: string,
): Promise<Reception> {
  const thread: Record<string, string> = target.messageId ? { 'In-Reply-To': bracketed(target.messageId), References: bracketed(target.messageId) } : {};
  const raw = rebuildMessage({
    from: target.providerAddress,
    to: [target.replyTo],
    cc: null,
    subject: /^re:/i.test(target.subject) ? target.subject : `Re: ${target.subject}`,
    // A new message each time, as a second reply from a mail client is.
    message_id: `<${deps.ids.id('dev')}@dev-outbox.invalid>`,
    created_at: deps.clock.now().toISOString(),
    headers: thread,
    text,
    html: null,
  });
  return receiveEmail(deps, { raw, source: 'dev_outbox' });
}
