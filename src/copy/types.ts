/**
 * The shape every language file fills in. Sentences that carry data are functions, so each language
 * can put the data where its grammar wants it.
 */
export interface EmailCopy {
  /** Mail subject; the customer's name is left out when we have none. Sanitised by the caller. */
  subject: (parts: { customerName: string | null; reference: string }) => string;
  /** The inbox preview line shown next to the subject. */
  preheader: (parts: { providerName: string; reference: string }) => string;
  heading: string;
  intro: (parts: { providerName: string }) => string;
  whatWeNeed: string;
  referenceLabel: string;
  requestDateLabel: string;
  /** Calendar date (YYYY-MM-DD) as this language writes it, e.g. "21 November 2026". */
  requestDate: (isoDate: string) => string;
  identifiersCaption: string;
  replyButton: string;
  linkFallback: string;
  footer: string;
}

export interface Copy {
  email: EmailCopy;
}
