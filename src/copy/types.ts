import type { DatedOutcome, OutcomeType } from '../outcome.ts';
import type { BuiltInKey } from '../built-in-identifiers.ts';

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
  /** Under the button when email replies are captured (INBOUND_DOMAIN): a plain reply to the email works too. */
  replyByEmail: string;
  footer: string;
  /** A reminder: the same request and link again, while we still wait for an answer. */
  reminder: {
    subject: (parts: { customerName: string | null; reference: string }) => string;
    preheader: (parts: { providerName: string; reference: string; since: string }) => string;
    heading: string;
    /** `since` is already written as this language writes dates. */
    waiting: (parts: { providerName: string; since: string }) => string;
  };
  /** After a binding contract ended: the same link again, asking the provider to confirm the cancellation now. */
  followUp: {
    subject: (parts: { customerName: string | null; reference: string }) => string;
    /** `contractEndsOn` is already written as this language writes dates. */
    preheader: (parts: { providerName: string; reference: string; contractEndsOn: string }) => string;
    heading: string;
    /** Both dates already written as this language writes dates. */
    contractEnded: (parts: { answeredOn: string; contractEndsOn: string }) => string;
    whatWeNeed: string;
  };
}

/** The provider's reply form, its confirmation and the pages for a link that no longer works. */
export interface FormCopy {
  title: string;
  intro: (parts: { providerName: string }) => string;
  customerCaption: string;
  referenceLabel: string;
  requestDateLabel: string;
  /** The legend of the outcome choice. */
  question: string;
  outcomes: Record<OutcomeType, string>;
  /** The group the three "could not be cancelled" outcomes sit under. */
  couldNotCancel: string;
  dateLabels: Record<DatedOutcome, string>;
  messageLabel: string;
  messageHint: string;
  noteLabel: string;
  noteHint: string;
  send: string;
  errorSummary: string;
  errors: {
    chooseOutcome: string;
    dateMissing: string;
    dateInvalid: string;
    accessBeforeRequest: (requestDate: string) => string;
    cancelledInFuture: string;
    cancelledTooLongAgo: (earliest: string) => string;
    contractEnded: string;
    tooFarAhead: (latest: string) => string;
    messageMissing: string;
    tooLong: (max: number) => string;
    invisibleCharacters: string;
  };
  /** Shown above the form when an answer is already recorded. */
  current: { heading: string; recordedOn: (date: string) => string; bySupport: string; change: string };
  confirmation: { title: string; heading: string; recorded: string; change: string; privacy: string };
  /**
   * A recorded answer, finishing the sentence `confirmation.recorded` starts ("We recorded that the
   * subscription" + "has now been cancelled (access until 21 December 2026)"), in that clause's word order.
   */
  answerSummary: (answer: { outcome: OutcomeType; date: string | null }) => string;
  linkProblems: Record<LinkProblem, { status: string; body: string }>;
  /** What to do when the link does not work. */
  linkProblemNextStep: string;
  /** When a form post cannot be taken at all: from another site, too large, or not a form. */
  sendProblems: Record<SendProblem, { status: string; body: string }>;
}

/** A provider's inbox page: its open requests, the ones answered lately, and the way to each one's form. */
export interface InboxCopy {
  title: (parts: { providerName: string }) => string;
  intro: string;
  /** How many wait, written as this language writes numbers; `open` is 0 or more. */
  openCount: (open: number) => string;
  /** Which of them this page shows, when there is more than one page. */
  pageRange: (parts: { from: number; to: number; open: number }) => string;
  columns: { reference: string; requestDate: string; daysWaiting: string; customer: string; answer: string };
  daysWaiting: (days: number) => string;
  /** The link to one request's form; `reference` names it for screen readers. */
  answer: string;
  answerLabel: (reference: string) => string;
  nextPage: string;
  firstPage: string;
  answeredHeading: string;
  answeredIntro: string;
  answeredNone: string;
  answeredColumns: { answeredOn: string; outcome: string };
  change: string;
  changeLabel: (reference: string) => string;
  backToInbox: string;
  /** The section where the open requests go out as a file and answers come back in one. */
  file: { heading: string; intro: string; download: string; uploadLabel: string; upload: string };
  /** An inbox link that cannot be used, and a request that is not (or no longer) in this provider's inbox. */
  linkProblems: Record<'invalid' | 'expired' | 'revoked', { status: string; body: string }>;
  linkProblemNextStep: string;
  notInInbox: { status: string; body: string };
}

/** The digest: one email saying how many requests wait, with a fresh inbox link. */
export interface DigestCopy {
  subject: (parts: { providerName: string; open: number }) => string;
  preheader: (parts: { open: number; oldestDays: number }) => string;
  heading: string;
  summary: (parts: { providerName: string; open: number; oldestDays: number }) => string;
  button: string;
  /** `until` is already written as this language writes dates. */
  linkValidUntil: (until: string) => string;
  linkFallback: string;
  /** Why this email comes, and how often. */
  why: (schedule: 'daily' | 'weekly') => string;
}

export type LinkProblem = 'invalid' | 'expired' | 'revoked' | 'closed' | 'answer_limit';
export type SendProblem = 'refused' | 'too_large' | 'unreadable';

/** The provider's CSV of answers: its preview, the result of Confirm, and a file that cannot be taken. */
export interface CsvCopy {
  previewTitle: string;
  /** How the file was understood, in counts. */
  previewSummary: (counts: { toRecord: number; problems: number; unanswered: number }) => string;
  toRecordHeading: string;
  problemsHeading: string;
  lineLabel: string;
  outcomeLabel: string;
  dateLabel: string;
  problemLabel: string;
  confirm: string;
  cancel: string;
  /** When no row can be recorded: there is nothing to confirm. */
  nothingToRecord: string;
  /** What is wrong with one row. */
  problems: {
    noReference: string;
    notYours: string;
    duplicate: (lines: number[]) => string;
    closed: string;
    answerLimit: string;
    /** `words` lists the accepted outcome words. */
    outcome: (words: string) => string;
    /** A field's problem, in the form's words, under the column's name. */
    field: (column: string, problem: string) => string;
    unchanged: string;
    /** The line was recorded by an earlier Confirm of the same file, cut short before its end. */
    recordedBefore: string;
  };
  result: {
    title: string;
    recorded: (count: number) => string;
    /** Rows the preview accepted but Confirm could not record: the request changed in between. */
    refused: (references: string) => string;
    alreadyRecordedTitle: string;
    /** `date` already written as this language writes dates. */
    alreadyRecorded: (date: string) => string;
    cancelledTitle: string;
    cancelled: string;
    goneTitle: string;
    gone: string;
  };
  /** A file refused whole: nothing in it is recorded. */
  fileProblems: {
    title: string;
    noFile: string;
    tooLarge: (megabytes: number) => string;
    tooManyRows: (rows: string) => string;
    notUtf8: string;
    notCsv: (line: number) => string;
    missingColumns: (columns: string) => string;
    refused: string;
  };
  /** The link back to the provider's page of open requests. */
  backToInbox: string;
}

export interface Copy {
  /** Calendar date (YYYY-MM-DD) as this language writes it, e.g. "21 November 2026". */
  date: (isoDate: string) => string;
  email: EmailCopy;
  form: FormCopy;
  csv: CsvCopy;
  /** The BCP 47 tag pages and emails in this language declare (`<html lang>`), for screen readers and spell checkers. */
  lang: string;
  /** The built-in identifiers' labels, as the provider reads them; a provider's own label still wins. */
  identifierLabels: Record<BuiltInKey, string>;
  inbox: InboxCopy;
  digest: DigestCopy;
}
