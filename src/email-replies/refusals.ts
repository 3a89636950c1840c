import type { Reception } from './receive.ts';
import { RECEIVED_EMAIL_LIMITS, tooLargeMessage } from './received-email.ts';

/** What a door that streams the message answers when it stops reading at the limit: as receiveEmail would. */
export const OVER_SIZE: Reception = {
  kind: 'refused',
  reason: 'too_large',
  message: tooLargeMessage(RECEIVED_EMAIL_LIMITS.maxRawBytes),
};
