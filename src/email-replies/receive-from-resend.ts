import type { Deps } from '../deps.ts';
import type { ReceivedMailbox } from '../mail/resend-receiving.ts';
import { type Reception, receiveEmail } from './receive.ts';
import { OVER_SIZE } from './refusals.ts';

export type ResendReception = Reception | { kind: 'unavailable' };

/**
 * Resend Receiving's `email.received` event: the event names the email, the message itself is fetched
 * and stored like any other door's. An over-size one is refused as receiveEmail refuses it; a fetch
 * that fails is `unavailable`, for the webhook to be sent again.
 */
export async function receiveFromResend(
  deps: Parameters<typeof receiveEmail>[0] & Pick<Deps, 'log'>,
  mailbox: ReceivedMailbox,
  emailId: string,
): Promise<ResendReception> {
  const fetched = await mailbox.fetch(emailId);
  if (fetched.kind === 'unavailable') {
    // The reason is a status or an error name: no address, no key.
    deps.log(`[resend] could not fetch a received email: ${fetched.reason}`);
    return { kind: 'unavailable' };
  }
  if (fetched.kind === 'too_large') {
    deps.log('[resend] refused a received email over the size limit');
    return OVER_SIZE;
  }
  return receiveEmail(deps, { raw: fetched.raw, source: 'resend', envelopeTo: fetched.envelopeTo });
}
