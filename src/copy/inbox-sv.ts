import type { DigestCopy, InboxCopy } from './types.ts';

const number = new Intl.NumberFormat('sv-SE').format;
const requests = (n: number) => `${number(n)} ${n === 1 ? 'uppsägningsbegäran' : 'uppsägningsbegäranden'}`;
const days = (n: number) => `${number(n)} ${n === 1 ? 'dag' : 'dagar'}`;

export const inbox: InboxCopy = {
  title: ({ providerName }) => `Öppna uppsägningsbegäranden: ${providerName}`,
  intro: 'De här begärandena väntar på ert svar, de äldsta först. Öppna en för att svara; besvarade försvinner från listan.',
  openCount: (open) => (open === 0 ? 'Ingen uppsägningsbegäran väntar på ert svar.' : `${requests(open)} väntar på ert svar.`),
  pageRange: ({ from, to, open }) => `Visar ${number(from)}–${number(to)} av ${number(open)}.`,
  columns: { reference: 'Vår referens', requestDate: 'Datum för begäran', daysWaiting: 'Väntat', customer: 'Kund', answer: 'Svar' },
  daysWaiting: days,
  answer: 'Svara',
  answerLabel: (reference) => `Svara på ${reference}`,
  nextPage: 'Nästa begäranden',
  firstPage: 'Tillbaka till de äldsta',
  answeredHeading: 'Besvarade de senaste 30 dagarna',
  answeredIntro: 'Blev något fel? Öppna begäran och skicka ett nytt svar: det senaste gäller.',
  answeredNone: 'Inget besvarat de senaste 30 dagarna.',
  answeredColumns: { answeredOn: 'Besvarad', outcome: 'Ert svar' },
  change: 'Ändra',
  changeLabel: (reference) => `Ändra svaret på ${reference}`,
  backToInbox: 'Tillbaka till alla öppna begäranden',
  file: {
    heading: 'Arbeta i en fil',
    intro: 'Ladda ner de öppna begärandena som kalkylblad, fyll i utfallen och ladda upp filen: ni ser varje rad innan något registreras.',
    download: 'Ladda ner de öppna begärandena (CSV)',
    uploadLabel: 'Fil med era svar (CSV)',
    upload: 'Ladda upp och förhandsgranska',
  },
  linkProblems: {
    invalid: { status: 'Länken fungerar inte', body: 'Länken kan ha kopierats ofullständigt.' },
    expired: { status: 'Länken har gått ut', body: 'Länkar till er inkorg för uppsägningar fungerar en begränsad tid.' },
    revoked: { status: 'Länken har dragits tillbaka', body: 'Länkarna till er inkorg för uppsägningar har avslutats, och en ny behöver skickas.' },
  },
  linkProblemNextStep: 'Vårt nästa mejl till er har en fungerande länk; ni kan också svara på varje begäran med knappen i dess eget mejl.',
  notInInbox: { status: 'Begäran finns inte i er inkorg', body: 'Den kan ha stängts eller besvarats för mer än 30 dagar sedan.' },
};

export const digest: DigestCopy = {
  subject: ({ providerName, open }) => `${requests(open)} väntar på ${providerName}`,
  preheader: ({ open, oldestDays }) => `${requests(open)} öppna; den äldsta har väntat ${days(oldestDays)}.`,
  heading: 'Uppsägningsbegäranden som väntar på ert svar',
  summary: ({ providerName, open, oldestDays }) =>
    `${requests(open)} till ${providerName} väntar på ert svar. Den äldsta har väntat ${days(oldestDays)}. ` +
    'Er inkorg visar alla på en sida, de äldsta först, och tar emot varje svar; den kräver ingen inloggning.',
  button: 'Öppna er inkorg för uppsägningar',
  linkValidUntil: (until) => `Knappen fungerar till och med ${until}; varje sammanställning har en ny.`,
  linkFallback: 'Om knappen inte fungerar, öppna den här länken:',
  why: (schedule) =>
    `Ni får det här mejlet ${schedule === 'daily' ? 'varje dag' : 'varje vecka'} så länge begäranden är öppna.`,
};
