import { formatCalendarDate } from './dates.ts';
import type { Copy } from './types.ts';

export const en: Copy = {
  email: {
    subject: ({ customerName, reference }) =>
      customerName ? `Cancellation request: ${customerName} (${reference})` : `Cancellation request ${reference}`,
    preheader: ({ providerName, reference }) =>
      `Please cancel a customer's ${providerName} subscription and tell us the outcome. Reference ${reference}.`,
    heading: 'Cancellation request',
    intro: ({ providerName }) =>
      `A customer of ${providerName} has asked us to cancel their subscription on their behalf.`,
    whatWeNeed:
      'Please find the account that matches the details below, cancel the subscription, and tell us ' +
      'the outcome with the button. If you cannot find the account or cannot cancel it, use the same ' +
      'form to tell us why. The form needs no login.',
    referenceLabel: 'Our reference',
    requestDateLabel: 'Request date',
    // en-GB writes "21 November 2026": day first, month in words, so nobody misreads 03/04.
    requestDate: (isoDate) => formatCalendarDate(isoDate, 'en-GB'),
    identifiersCaption: 'Customer details you asked us to collect',
    replyButton: 'Reply to cancellation request',
    linkFallback: 'If the button does not work, open this link:',
    footer:
      'Anything you write in the form is read by our support team only. We never pass it on to the customer.',
  },
};
