import type { DigestCopy, InboxCopy } from './types.ts';

const number = new Intl.NumberFormat('en-GB').format;
const requests = (n: number) => `${number(n)} cancellation ${n === 1 ? 'request' : 'requests'}`;
const days = (n: number) => `${number(n)} ${n === 1 ? 'day' : 'days'}`;

export const inbox: InboxCopy = {
  title: ({ providerName }) => `Open cancellation requests: ${providerName}`,
  intro: 'These requests wait for your answer, the oldest first. Open one to answer it; answered ones leave this list.',
  openCount: (open) => (open === 0 ? 'No cancellation request waits for your answer.' : `${requests(open)} ${open === 1 ? 'waits' : 'wait'} for your answer.`),
  pageRange: ({ from, to, open }) => `Showing ${number(from)}–${number(to)} of ${number(open)}.`,
  columns: { reference: 'Our reference', requestDate: 'Request date', daysWaiting: 'Waiting', customer: 'Customer', answer: 'Answer' },
  daysWaiting: days,
  answer: 'Answer',
  answerLabel: (reference) => `Answer ${reference}`,
  nextPage: 'Next requests',
  firstPage: 'Back to the oldest requests',
  answeredHeading: 'Answered in the last 30 days',
  answeredIntro: 'Made a mistake? Open the request and send a new answer: the latest one counts.',
  answeredNone: 'Nothing answered in the last 30 days.',
  answeredColumns: { answeredOn: 'Answered on', outcome: 'Your answer' },
  change: 'Change',
  changeLabel: (reference) => `Change the answer to ${reference}`,
  backToInbox: 'Back to all open requests',
  file: {
    heading: 'Work through a file',
    intro: 'Download the open requests as a spreadsheet, fill in the outcomes, and upload the file: you see every row before anything is recorded.',
    download: 'Download the open requests (CSV)',
    uploadLabel: 'File with your answers (CSV)',
    upload: 'Upload and preview',
  },
  linkProblems: {
    invalid: { status: 'This link does not work', body: 'The link may have been copied incompletely.' },
    expired: { status: 'This link has expired', body: 'Links to your cancellation inbox work for a limited time.' },
    revoked: { status: 'This link has been withdrawn', body: 'Links to your cancellation inbox were ended, and a new one has to be sent.' },
  },
  linkProblemNextStep: 'Our next email to you has a working link; you can also answer each request with the button in its own email.',
  notInInbox: { status: 'This request is not in your inbox', body: 'It may have been closed, or answered more than 30 days ago.' },
};

export const digest: DigestCopy = {
  subject: ({ providerName, open }) => `${requests(open)} ${open === 1 ? 'waits' : 'wait'} for ${providerName}`,
  preheader: ({ open, oldestDays }) => `${requests(open)} open; the oldest has waited ${days(oldestDays)}.`,
  heading: 'Cancellation requests waiting for your answer',
  summary: ({ providerName, open, oldestDays }) =>
    `${requests(open)} to ${providerName} ${open === 1 ? 'waits' : 'wait'} for your answer. The oldest has waited ${days(oldestDays)}. ` +
    'Your inbox lists them all on one page, the oldest first, and takes each answer; it needs no login.',
  button: 'Open your cancellation inbox',
  linkValidUntil: (until) => `The button works until ${until}; every digest brings a new one.`,
  linkFallback: 'If the button does not work, open this link:',
  why: (schedule) => `You get this email ${schedule === 'daily' ? 'every day' : 'every week'} while requests are open.`,
};

