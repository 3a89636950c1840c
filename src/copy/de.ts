import { formatCalendarDate } from './dates.ts';
import { digest, inbox } from './inbox-de.ts';
import type { Copy } from './types.ts';

// "21. November 2026": the day as an ordinal with a dot, the month written out.
const date = (isoDate: string) => formatCalendarDate(isoDate, 'de-DE');

// Business German addresses the provider's agent formally ("Sie").
export const de: Copy = {
  date,
  email: {
    subject: ({ customerName, reference }) =>
      customerName ? `Kündigungsanfrage: ${customerName} (${reference})` : `Kündigungsanfrage ${reference}`,
    preheader: ({ providerName, reference }) =>
      `Bitte kündigen Sie das Abonnement eines Kunden bei ${providerName} und teilen Sie uns das Ergebnis mit. Referenz ${reference}.`,
    heading: 'Kündigungsanfrage',
    intro: ({ providerName }) =>
      `Ein Kunde von ${providerName} hat uns beauftragt, sein Abonnement in seinem Namen zu kündigen.`,
    whatWeNeed:
      'Bitte suchen Sie das Konto, das zu den unten stehenden Angaben passt, kündigen Sie das Abonnement und ' +
      'teilen Sie uns das Ergebnis über die Schaltfläche mit. Wenn Sie das Konto nicht finden oder nicht kündigen ' +
      'können, nennen Sie uns den Grund im selben Formular. Für das Formular ist keine Anmeldung nötig.',
    referenceLabel: 'Unsere Referenz',
    requestDateLabel: 'Datum der Anfrage',
    requestDate: date,
    identifiersCaption: 'Kundendaten, die Sie bei uns angefordert haben',
    replyButton: 'Auf Kündigungsanfrage antworten',
    linkFallback: 'Falls die Schaltfläche nicht funktioniert, öffnen Sie diesen Link:',
    replyByEmail: 'Sie können stattdessen auch einfach auf diese E-Mail antworten und uns mitteilen, was geschehen ist und zu welchem Datum.',
    footer: 'Was Sie in das Formular schreiben, liest nur unser Support-Team. Wir geben es nie an den Kunden weiter.',
    reminder: {
      subject: ({ customerName, reference }) =>
        customerName ? `Erinnerung: Kündigungsanfrage: ${customerName} (${reference})` : `Erinnerung: Kündigungsanfrage ${reference}`,
      preheader: ({ providerName, reference, since }) =>
        `Wir warten seit dem ${since} auf Ihre Antwort zu einem Abonnement bei ${providerName}. Referenz ${reference}.`,
      heading: 'Erinnerung: Kündigungsanfrage',
      waiting: ({ providerName, since }) =>
        `Am ${since} haben wir ${providerName} gebeten, das Abonnement eines Kunden zu kündigen, und warten noch ` +
        'auf Ihre Antwort. Dies ist eine Erinnerung an diese Anfrage; die Schaltfläche unten ist dieselbe wie in unserer ersten E-Mail.',
    },
    followUp: {
      subject: ({ customerName, reference }) =>
        customerName ? `Die Vertragsbindung ist abgelaufen: ${customerName} (${reference})` : `Die Vertragsbindung ist abgelaufen: ${reference}`,
      preheader: ({ providerName, reference, contractEndsOn }) =>
        `Der Vertrag des Kunden bei ${providerName} war bis zum ${contractEndsOn} bindend. Bitte bestätigen Sie die Kündigung. Referenz ${reference}.`,
      heading: 'Die Vertragsbindung ist abgelaufen',
      contractEnded: ({ answeredOn, contractEndsOn }) =>
        `Am ${answeredOn} haben Sie uns mitgeteilt, dass der Vertrag den Kunden bis zum ${contractEndsOn} bindet. ` +
        'Diese Bindung ist nun abgelaufen: Bitte bestätigen Sie, dass das Abonnement gekündigt ist.',
      whatWeNeed:
        'Bitte teilen Sie uns über die Schaltfläche mit, was nun mit dem Abonnement geschehen ist. Die Schaltfläche ist ' +
        'dieselbe wie in unseren früheren E-Mails, und für das Formular ist keine Anmeldung nötig.',
    },
  },
  form: {
    title: 'Auf Kündigungsanfrage antworten',
    intro: ({ providerName }) =>
      `Wir haben ${providerName} gebeten, das Abonnement des unten genannten Kunden zu kündigen. Teilen Sie uns mit, was geschehen ist.`,
    customerCaption: 'Der Kunde',
    referenceLabel: 'Unsere Referenz',
    requestDateLabel: 'Datum der Anfrage',
    question: 'Das Abonnement…',
    outcomes: {
      cancelled: 'wurde jetzt gekündigt',
      already_cancelled: 'war bereits gekündigt',
      binding_contract: 'Mindestvertragslaufzeit',
      not_found: 'kein Abonnement gefunden',
      other: 'anderer Grund',
    },
    couldNotCancel: 'konnte nicht gekündigt werden:',
    dateLabels: {
      cancelled: 'Der Kunde hat Zugang bis einschließlich',
      already_cancelled: 'Datum der Kündigung',
      binding_contract: 'Ende der Mindestvertragslaufzeit',
    },
    messageLabel: 'Der Grund',
    messageHint: 'Nur für unser Support-Team. Wird dem Kunden nie angezeigt.',
    noteLabel: 'Nachricht an unser Support-Team (optional)',
    noteHint: 'Alles, was wir sonst noch wissen sollten. Nur für unser Support-Team.',
    send: 'Senden',
    errorSummary: 'Bitte prüfen Sie die Antwort:',
    errors: {
      chooseOutcome: 'Wählen Sie aus, was mit dem Abonnement geschehen ist',
      dateMissing: 'Geben Sie das Datum ein',
      dateInvalid: 'Geben Sie ein gültiges Datum ein, zum Beispiel 2026-12-31',
      accessBeforeRequest: (requestDate) => `Der Zugang kann nicht vor unserer Anfrage (${requestDate}) enden`,
      cancelledInFuture: 'Eine bereits erfolgte Kündigung kann kein Datum in der Zukunft haben',
      cancelledTooLongAgo: (earliest) => `Geben Sie ein Datum nach dem ${earliest} ein`,
      contractEnded:
        'Eine bereits abgelaufene Mindestvertragslaufzeit steht der Kündigung nicht entgegen: Geben Sie ein Datum ab heute ein',
      tooFarAhead: (latest) => `Geben Sie ein Datum vor dem ${latest} ein`,
      messageMissing: 'Nennen Sie uns den Grund',
      tooLong: (max) => `Schreiben Sie höchstens ${max.toLocaleString('de-DE')} Zeichen`,
      invisibleCharacters: 'Entfernen Sie die Steuerzeichen oder unsichtbaren Zeichen',
    },
    current: {
      heading: 'Ihre Antwort',
      recordedOn: (when) => `Erfasst am ${when}.`,
      bySupport: 'Von unserem Support-Team in Ihrem Namen eingetragen.',
      change: 'Falls sich etwas geändert hat, senden Sie unten eine neue Antwort. Es gilt die letzte Antwort.',
    },
    confirmation: {
      title: 'Antwort erfasst',
      heading: 'Vielen Dank, Ihre Antwort wurde erfasst',
      recorded: 'Wir haben erfasst, dass das Abonnement',
      change: 'Antwort ändern',
      privacy: 'Der Kunde erfährt nur das Ergebnis; was Sie geschrieben haben, bleibt bei unserem Support-Team.',
    },
    // A subordinate clause after "dass das Abonnement": the verb goes last.
    answerSummary: ({ outcome, date: day }) => {
      switch (outcome) {
        case 'cancelled':
          return `jetzt gekündigt wurde (Zugang bis einschließlich ${date(day!)})`;
        case 'already_cancelled':
          return `bereits gekündigt war (am ${date(day!)})`;
        case 'binding_contract':
          return `wegen einer Mindestvertragslaufzeit nicht gekündigt werden konnte (Ende am ${date(day!)})`;
        case 'not_found':
          return 'nicht gekündigt werden konnte, weil kein Abonnement gefunden wurde';
        case 'other':
          return 'aus einem anderen Grund nicht gekündigt werden konnte';
      }
    },
    linkProblems: {
      invalid: { status: 'Dieser Link funktioniert nicht', body: 'Der Link wurde möglicherweise unvollständig kopiert.' },
      expired: { status: 'Dieser Link ist abgelaufen', body: 'Links in unseren Kündigungs-E-Mails sind nur begrenzte Zeit gültig.' },
      revoked: { status: 'Dieser Link wurde ersetzt', body: 'Eine neuere E-Mail zu dieser Anfrage enthält einen neuen Link.' },
      closed: { status: 'Diese Anfrage ist abgeschlossen', body: 'Sie nimmt keine Antworten mehr an.' },
      answer_limit: { status: 'Diese Anfrage nimmt keine weiteren Antworten an', body: 'Sie wurde bereits sehr oft beantwortet.' },
    },
    linkProblemNextStep:
      'Wenn Sie uns zu einer Kündigung noch etwas mitteilen möchten, antworten Sie auf die E-Mail, die Sie von uns ' +
      'erhalten haben; unser Support-Team kümmert sich dann darum.',
    sendProblems: {
      refused: {
        status: 'Die Antwort wurde nicht gesendet',
        body: 'Dieses Formular konnte von hier aus nicht gesendet werden. Öffnen Sie den Link aus der E-Mail erneut und senden Sie es von dort.',
      },
      too_large: {
        status: 'Die Antwort ist zu lang',
        body: 'Der Grund und die Nachricht dürfen jeweils höchstens 2.000 Zeichen lang sein. Gehen Sie zurück, kürzen Sie sie und senden Sie erneut.',
      },
      unreadable: {
        status: 'Die Antwort konnte nicht gelesen werden',
        body: 'Öffnen Sie den Link aus der E-Mail erneut und senden Sie das Formular von dort.',
      },
    },
  },
  csv: {
    previewTitle: 'Antworten prüfen, bevor sie erfasst werden',
    previewSummary: ({ toRecord, problems, unanswered }) =>
      `${toRecord} ${toRecord === 1 ? 'Antwort' : 'Antworten'} zu erfassen, ${problems} ${problems === 1 ? 'Zeile' : 'Zeilen'} mit einem Problem, ` +
      `${unanswered} ${unanswered === 1 ? 'Zeile' : 'Zeilen'} ohne Antwort (bleiben, wie sie sind). Erfasst wird erst, wenn Sie bestätigen.`,
    toRecordHeading: 'Zu erfassende Antworten',
    problemsHeading: 'Zeilen, die nicht erfasst werden',
    lineLabel: 'Zeile',
    outcomeLabel: 'Ergebnis',
    dateLabel: 'Datum',
    problemLabel: 'Was nicht stimmt',
    confirm: 'Bestätigen und erfassen',
    cancel: 'Abbrechen',
    nothingToRecord: 'Keine Zeile dieser Datei kann erfasst werden. Korrigieren Sie die Datei und laden Sie sie erneut hoch.',
    problems: {
      noReference: 'Die Referenz fehlt',
      notYours: 'Keine Ihrer Anfragen',
      duplicate: (lines) => `Dieselbe Referenz steht in mehr als einer Zeile (Zeilen ${lines.join(', ')})`,
      closed: 'Diese Anfrage ist geschlossen und nimmt keine Antworten mehr an',
      answerLimit: 'Diese Anfrage nimmt keine Antworten mehr an',
      outcome: (words) => `Unbekanntes Ergebnis: verwenden Sie eines von ${words}`,
      field: (column, problem) => `${column}: ${problem}`,
      unchanged: 'Bereits so beantwortet: nichts zu ändern',
      recordedBefore: 'Aus dieser Datei bereits erfasst: nichts zu tun',
    },
    result: {
      title: 'Antworten erfasst',
      recorded: (count) => `${count} ${count === 1 ? 'Antwort wurde' : 'Antworten wurden'} erfasst.`,
      refused: (references) => `Nicht erfasst, weil sich die Anfrage nach der Vorschau geändert hat: ${references}.`,
      alreadyRecordedTitle: 'Diese Datei wurde bereits erfasst',
      alreadyRecorded: (when) => `Diese Datei wurde am ${when} erfasst. Das erneute Hochladen hat nichts geändert.`,
      cancelledTitle: 'Nichts wurde erfasst',
      cancelled: 'Das Hochladen wurde abgebrochen. Keine seiner Antworten wurde erfasst.',
      goneTitle: 'Dieser Upload wartet nicht mehr',
      gone: 'Er wurde abgebrochen, oder seine Vorschau ist älter als einen Tag. Nichts daraus wurde erfasst: laden Sie die Datei erneut hoch.',
    },
    fileProblems: {
      title: 'Die Datei wurde nicht angenommen',
      noFile: 'Wählen Sie eine CSV-Datei zum Hochladen.',
      tooLarge: (megabytes) => `Die Datei ist größer als ${megabytes} MB. Teilen Sie sie in kleinere Dateien auf.`,
      tooManyRows: (rows) => `Die Datei hat mehr als ${rows} Zeilen. Teilen Sie sie in kleinere Dateien auf.`,
      notUtf8: 'Die Datei ist kein UTF-8-Text. Speichern Sie sie in Ihrer Tabellenkalkulation als „CSV UTF-8“.',
      notCsv: (line) => `Die Datei konnte nicht als CSV gelesen werden (bei Zeile ${line}). Prüfen Sie die Anführungszeichen in dieser Zeile.`,
      missingColumns: (columns) => `Die erste Zeile muss die Spalten reference, outcome, date und message benennen. Es fehlt: ${columns}.`,
      refused: 'Diese Datei konnte nicht von hier gesendet werden. Öffnen Sie den Link aus unserer E-Mail erneut und laden Sie sie dort hoch.',
    },
    backToInbox: 'Zurück zu Ihren offenen Anfragen',
  },
  lang: 'de',
  identifierLabels: {
    email: 'E-Mail-Adresse',
    first_name: 'Vorname',
    last_name: 'Nachname',
    postal_address: 'Postanschrift',
    card_last4: 'Letzte 4 Ziffern der Zahlungskarte',
    phone: 'Telefonnummer',
    date_of_birth: 'Geburtsdatum',
  },
  inbox,
  digest,
};
