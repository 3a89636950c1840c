import { formatCalendarDate } from './dates.ts';
import { digest, inbox } from './inbox-en.ts';
import type { Copy } from './types.ts';

// en-GB writes "21 November 2026": day first, month in words, so nobody misreads 03/04.
const date = (isoDate: string) => formatCalendarDate(isoDate, 'en-GB');

export const en: Copy = {
  date,
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
    requestDate: date,
    identifiersCaption: 'Customer details you asked us to collect',
    replyButton: 'Reply to cancellation request',
    linkFallback: 'If the button does not work, open this link:',
    replyByEmail: 'You may instead simply reply to this email with what happened and the date.',
    footer:
      'Anything you write in the form is read by our support team only. We never pass it on to the customer.',
    reminder: {
      subject: ({ customerName, reference }) =>
        customerName ? `Reminder: cancellation request: ${customerName} (${reference})` : `Reminder: cancellation request ${reference}`,
      preheader: ({ providerName, reference, since }) =>
        `We are still waiting for your answer about a ${providerName} subscription (since ${since}). Reference ${reference}.`,
      heading: 'Reminder: cancellation request',
      waiting: ({ providerName, since }) =>
        `On ${since} we asked ${providerName} to cancel a customer's subscription, and we are still waiting for ` +
        'your answer. This is a reminder of that request; the button below is the same as in our first email.',
    },
    followUp: {
      subject: ({ customerName, reference }) =>
        customerName ? `The binding contract has ended: ${customerName} (${reference})` : `The binding contract has ended: ${reference}`,
      preheader: ({ providerName, reference, contractEndsOn }) =>
        `The customer's ${providerName} contract was bound until ${contractEndsOn}. Please confirm the cancellation. Reference ${reference}.`,
      heading: 'The binding contract has ended',
      contractEnded: ({ answeredOn, contractEndsOn }) =>
        `On ${answeredOn} you told us the contract binds the customer until ${contractEndsOn}. ` +
        'It has now ended: please confirm the subscription is cancelled.',
      whatWeNeed:
        'Please tell us with the button what happened to the subscription now. The button is the same as in our ' +
        'earlier emails and the form needs no login.',
    },
  },
  form: {
    title: 'Reply to cancellation request',
    intro: ({ providerName }) =>
      `We asked ${providerName} to cancel the subscription of the customer below. Tell us what happened.`,
    customerCaption: 'The customer',
    referenceLabel: 'Our reference',
    requestDateLabel: 'Request date',
    question: 'The subscription…',
    outcomes: {
      cancelled: 'has now been cancelled',
      already_cancelled: 'was already cancelled',
      binding_contract: 'binding contract',
      not_found: 'no subscription found',
      other: 'other reason',
    },
    couldNotCancel: 'could not be cancelled, because of a…',
    dateLabels: {
      cancelled: 'The customer has access until',
      already_cancelled: 'Date the cancellation was done',
      binding_contract: 'Date the binding contract ends',
    },
    messageLabel: 'The reason',
    messageHint: 'Read by our support team only. It is never shown to the customer.',
    noteLabel: 'Note to our support team (optional)',
    noteHint: 'Anything else we should know. Read by our support team only.',
    send: 'Send',
    errorSummary: 'Please check the answer:',
    errors: {
      chooseOutcome: 'Choose what happened to the subscription',
      dateMissing: 'Enter the date',
      dateInvalid: 'Enter a real date, for example 2026-12-31',
      accessBeforeRequest: (requestDate) => `The access cannot end before we sent the request (${requestDate})`,
      cancelledInFuture: 'A cancellation that was already done cannot have a date in the future',
      cancelledTooLongAgo: (earliest) => `Enter a date after ${earliest}`,
      contractEnded: 'A binding contract that has already ended does not stop a cancellation: enter a date from today on',
      tooFarAhead: (latest) => `Enter a date before ${latest}`,
      messageMissing: 'Tell us the reason',
      tooLong: (max) => `Write at most ${max} characters`,
      invisibleCharacters: 'Remove the control or invisible characters',
    },
    current: {
      heading: 'Your answer',
      recordedOn: (when) => `Recorded on ${when}.`,
      bySupport: 'Entered by our support team on your behalf.',
      change: 'If something has changed, send a new answer below. The latest answer counts.',
    },
    confirmation: {
      title: 'Answer recorded',
      heading: 'Thank you, your answer has been recorded',
      recorded: 'We recorded that the subscription',
      change: 'Change the answer',
      privacy: 'The customer is told the outcome only; any text you wrote stays with our support team.',
    },
    answerSummary: ({ outcome, date: day }) => {
      switch (outcome) {
        case 'cancelled':
          return `has now been cancelled (access until ${date(day!)})`;
        case 'already_cancelled':
          return `was already cancelled (on ${date(day!)})`;
        case 'binding_contract':
          return `could not be cancelled because of a binding contract (ending ${date(day!)})`;
        case 'not_found':
          return 'could not be cancelled: no subscription found';
        case 'other':
          return 'could not be cancelled, for another reason';
      }
    },
    linkProblems: {
      invalid: { status: 'This link does not work', body: 'The link may have been copied incompletely.' },
      expired: { status: 'This link has expired', body: 'Links in our cancellation emails work for a limited time.' },
      revoked: { status: 'This link has been replaced', body: 'A newer email about this request has a new link.' },
      closed: { status: 'This request is closed', body: 'It no longer takes answers.' },
      answer_limit: { status: 'This request takes no more answers', body: 'It has been answered many times already.' },
    },
    linkProblemNextStep:
      'If you still need to tell us something about a cancellation, reply to the email you received from us ' +
      'and our support team will take it from there.',
    sendProblems: {
      refused: {
        status: 'The answer was not sent',
        body: 'This form could not be sent from here. Open the link from the email again and send it from there.',
      },
      too_large: {
        status: 'The answer is too long',
        body: 'The reason and the note can each be at most 2,000 characters. Go back, shorten them and send again.',
      },
      unreadable: {
        status: 'The answer could not be read',
        body: 'Open the link from the email again and send the form from there.',
      },
    },
  },
  csv: {
    previewTitle: 'Check the answers before they are recorded',
    previewSummary: ({ toRecord, problems, unanswered }) =>
      `${toRecord} ${toRecord === 1 ? 'answer' : 'answers'} to record, ${problems} ${problems === 1 ? 'row' : 'rows'} with a problem, ` +
      `${unanswered} ${unanswered === 1 ? 'row' : 'rows'} without an answer (left as they are). Nothing is recorded until you confirm.`,
    toRecordHeading: 'Answers to record',
    problemsHeading: 'Rows that will not be recorded',
    lineLabel: 'Line',
    outcomeLabel: 'Outcome',
    dateLabel: 'Date',
    problemLabel: 'What is wrong',
    confirm: 'Confirm and record',
    cancel: 'Cancel',
    nothingToRecord: 'No row of this file can be recorded. Correct the file and upload it again.',
    problems: {
      noReference: 'The reference is missing',
      notYours: 'Not one of your requests',
      duplicate: (lines) => `The same reference is on more than one line (lines ${lines.join(', ')})`,
      closed: 'This request is closed and takes no more answers',
      answerLimit: 'This request takes no more answers',
      outcome: (words) => `Unknown outcome: use one of ${words}`,
      field: (column, problem) => `${column}: ${problem}`,
      unchanged: 'Already answered this way: nothing to change',
      recordedBefore: 'Already recorded from this file: nothing to do',
    },
    result: {
      title: 'Answers recorded',
      recorded: (count) => `${count} ${count === 1 ? 'answer was' : 'answers were'} recorded.`,
      refused: (references) => `Not recorded, because the request changed after the preview: ${references}.`,
      alreadyRecordedTitle: 'This file was already recorded',
      alreadyRecorded: (when) => `This file was recorded on ${when}. Uploading it again changed nothing.`,
      cancelledTitle: 'Nothing was recorded',
      cancelled: 'The upload was cancelled. None of its answers were recorded.',
      goneTitle: 'This upload is no longer waiting',
      gone: 'It was cancelled, or its preview is more than a day old. Nothing was recorded from it: upload the file again.',
    },
    fileProblems: {
      title: 'The file was not taken',
      noFile: 'Choose a CSV file to upload.',
      tooLarge: (megabytes) => `The file is larger than ${megabytes} MB. Split it into smaller files.`,
      tooManyRows: (rows) => `The file has more than ${rows} rows. Split it into smaller files.`,
      notUtf8: 'The file is not UTF-8 text. In your spreadsheet, save it as "CSV UTF-8".',
      notCsv: (line) => `The file could not be read as CSV (near line ${line}). Check the quotes on that line.`,
      missingColumns: (columns) => `The first line must name the columns reference, outcome, date and message. Missing: ${columns}.`,
      refused: 'This file could not be sent from here. Open the link from our email again and upload it from there.',
    },
    backToInbox: 'Back to your open requests',
  },
  lang: 'en',
  identifierLabels: {
    email: 'Email address',
    first_name: 'First name',
    last_name: 'Last name',
    postal_address: 'Postal address',
    card_last4: 'Last 4 digits of the payment card',
    phone: 'Phone number',
    date_of_birth: 'Date of birth',
  },
  inbox,
  digest,
};
