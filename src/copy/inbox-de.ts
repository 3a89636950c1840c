import type { DigestCopy, InboxCopy } from './types.ts';

const number = new Intl.NumberFormat('de-DE').format;
const requests = (n: number) => `${number(n)} ${n === 1 ? 'Kündigungsanfrage' : 'Kündigungsanfragen'}`;
const days = (n: number) => `${number(n)} ${n === 1 ? 'Tag' : 'Tagen'}`;

export const inbox: InboxCopy = {
  title: ({ providerName }) => `Offene Kündigungsanfragen: ${providerName}`,
  intro: 'Diese Anfragen warten auf Ihre Antwort, die ältesten zuerst. Öffnen Sie eine, um sie zu beantworten; beantwortete verschwinden aus der Liste.',
  openCount: (open) =>
    open === 0 ? 'Keine Kündigungsanfrage wartet auf Ihre Antwort.' : `${requests(open)} ${open === 1 ? 'wartet' : 'warten'} auf Ihre Antwort.`,
  pageRange: ({ from, to, open }) => `Angezeigt: ${number(from)}–${number(to)} von ${number(open)}.`,
  columns: { reference: 'Unsere Referenz', requestDate: 'Datum der Anfrage', daysWaiting: 'Wartet seit', customer: 'Kunde', answer: 'Antwort' },
  daysWaiting: days,
  answer: 'Antworten',
  answerLabel: (reference) => `Auf ${reference} antworten`,
  nextPage: 'Nächste Anfragen',
  firstPage: 'Zurück zu den ältesten',
  answeredHeading: 'In den letzten 30 Tagen beantwortet',
  answeredIntro: 'Ein Fehler passiert? Öffnen Sie die Anfrage und senden Sie eine neue Antwort: Die letzte zählt.',
  answeredNone: 'In den letzten 30 Tagen nichts beantwortet.',
  answeredColumns: { answeredOn: 'Beantwortet am', outcome: 'Ihre Antwort' },
  change: 'Ändern',
  changeLabel: (reference) => `Antwort auf ${reference} ändern`,
  backToInbox: 'Zurück zu allen offenen Anfragen',
  file: {
    heading: 'Mit einer Datei arbeiten',
    intro: 'Laden Sie die offenen Anfragen als Tabelle herunter, tragen Sie die Ergebnisse ein und laden Sie die Datei hoch: Sie sehen jede Zeile, bevor etwas gespeichert wird.',
    download: 'Offene Anfragen herunterladen (CSV)',
    uploadLabel: 'Datei mit Ihren Antworten (CSV)',
    upload: 'Hochladen und prüfen',
  },
  linkProblems: {
    invalid: { status: 'Dieser Link funktioniert nicht', body: 'Der Link wurde möglicherweise unvollständig kopiert.' },
    expired: { status: 'Dieser Link ist abgelaufen', body: 'Links zu Ihrem Kündigungs-Posteingang gelten nur für eine begrenzte Zeit.' },
    revoked: { status: 'Dieser Link wurde zurückgezogen', body: 'Die Links zu Ihrem Kündigungs-Posteingang wurden beendet; ein neuer muss gesendet werden.' },
  },
  linkProblemNextStep: 'Unsere nächste E-Mail an Sie enthält einen gültigen Link; Sie können jede Anfrage auch über die Schaltfläche in ihrer eigenen E-Mail beantworten.',
  notInInbox: { status: 'Diese Anfrage ist nicht in Ihrem Posteingang', body: 'Sie wurde vielleicht geschlossen oder vor mehr als 30 Tagen beantwortet.' },
};

export const digest: DigestCopy = {
  subject: ({ providerName, open }) => `${requests(open)} ${open === 1 ? 'wartet' : 'warten'} auf ${providerName}`,
  preheader: ({ open, oldestDays }) => `${requests(open)} offen; die älteste wartet seit ${days(oldestDays)}.`,
  heading: 'Kündigungsanfragen, die auf Ihre Antwort warten',
  summary: ({ providerName, open, oldestDays }) =>
    `${requests(open)} an ${providerName} ${open === 1 ? 'wartet' : 'warten'} auf Ihre Antwort. Die älteste wartet seit ${days(oldestDays)}. ` +
    'Ihr Posteingang zeigt alle auf einer Seite, die ältesten zuerst, und nimmt jede Antwort entgegen; eine Anmeldung ist nicht nötig.',
  button: 'Kündigungs-Posteingang öffnen',
  linkValidUntil: (until) => `Die Schaltfläche funktioniert bis zum ${until}; jede Übersicht bringt eine neue.`,
  linkFallback: 'Falls die Schaltfläche nicht funktioniert, öffnen Sie diesen Link:',
  why: (schedule) =>
    `Sie erhalten diese E-Mail ${schedule === 'daily' ? 'täglich' : 'wöchentlich'}, solange Anfragen offen sind.`,
};
