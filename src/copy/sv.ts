import { formatCalendarDate } from './dates.ts';
import { digest, inbox } from './inbox-sv.ts';
import type { Copy } from './types.ts';

// "21 november 2026": Swedish writes the month in lower case, with no dot after the day.
const date = (isoDate: string) => formatCalendarDate(isoDate, 'sv-SE');

// Swedish business mail addresses a company as "ni"; "mejl" is the Swedish Language Council's spelling.
export const sv: Copy = {
  date,
  email: {
    subject: ({ customerName, reference }) =>
      customerName ? `Uppsägningsbegäran: ${customerName} (${reference})` : `Uppsägningsbegäran ${reference}`,
    preheader: ({ providerName, reference }) =>
      `Säg upp en kunds abonnemang hos ${providerName} och meddela oss utfallet. Referens ${reference}.`,
    heading: 'Begäran om uppsägning',
    intro: ({ providerName }) => `En kund hos ${providerName} har gett oss i uppdrag att säga upp sitt abonnemang.`,
    whatWeNeed:
      'Leta upp kontot som stämmer med uppgifterna nedan, säg upp abonnemanget och meddela oss utfallet med ' +
      'knappen. Om ni inte hittar kontot eller inte kan säga upp det, berätta varför i samma formulär. ' +
      'Formuläret kräver ingen inloggning.',
    referenceLabel: 'Vår referens',
    requestDateLabel: 'Datum för begäran',
    requestDate: date,
    identifiersCaption: 'Kunduppgifter som ni har bett oss samla in',
    replyButton: 'Svara på uppsägningsbegäran',
    linkFallback: 'Om knappen inte fungerar, öppna den här länken:',
    replyByEmail: 'Ni kan också helt enkelt svara på det här mejlet med vad som hände och vilket datum det gäller.',
    footer: 'Det ni skriver i formuläret läses bara av vårt supportteam. Vi lämnar aldrig ut det till kunden.',
    reminder: {
      subject: ({ customerName, reference }) =>
        customerName ? `Påminnelse: uppsägningsbegäran: ${customerName} (${reference})` : `Påminnelse: uppsägningsbegäran ${reference}`,
      preheader: ({ providerName, reference, since }) =>
        `Vi väntar fortfarande på ert svar om ett abonnemang hos ${providerName} (sedan ${since}). Referens ${reference}.`,
      heading: 'Påminnelse: begäran om uppsägning',
      waiting: ({ providerName, since }) =>
        `Den ${since} bad vi ${providerName} att säga upp en kunds abonnemang, och vi väntar fortfarande på ert ` +
        'svar. Det här är en påminnelse om den begäran; knappen nedan är densamma som i vårt första mejl.',
    },
    followUp: {
      subject: ({ customerName, reference }) =>
        customerName ? `Bindningstiden har löpt ut: ${customerName} (${reference})` : `Bindningstiden har löpt ut: ${reference}`,
      preheader: ({ providerName, reference, contractEndsOn }) =>
        `Kundens avtal hos ${providerName} var bindande till ${contractEndsOn}. Bekräfta gärna uppsägningen. Referens ${reference}.`,
      heading: 'Bindningstiden har löpt ut',
      contractEnded: ({ answeredOn, contractEndsOn }) =>
        `Den ${answeredOn} meddelade ni oss att avtalet binder kunden till och med ${contractEndsOn}. ` +
        'Bindningstiden har nu löpt ut: bekräfta att abonnemanget är uppsagt.',
      whatWeNeed:
        'Berätta med knappen vad som nu har hänt med abonnemanget. Knappen är densamma som i våra tidigare mejl, ' +
        'och formuläret kräver ingen inloggning.',
    },
  },
  form: {
    title: 'Svara på uppsägningsbegäran',
    intro: ({ providerName }) =>
      `Vi har bett ${providerName} att säga upp abonnemanget för kunden nedan. Berätta vad som hände.`,
    customerCaption: 'Kunden',
    referenceLabel: 'Vår referens',
    requestDateLabel: 'Datum för begäran',
    question: 'Abonnemanget…',
    outcomes: {
      cancelled: 'har nu sagts upp',
      already_cancelled: 'var redan uppsagt',
      binding_contract: 'bindningstid',
      not_found: 'inget abonnemang hittades',
      other: 'annat skäl',
    },
    couldNotCancel: 'kunde inte sägas upp:',
    dateLabels: {
      cancelled: 'Kunden har tillgång till och med',
      already_cancelled: 'Datum då uppsägningen gjordes',
      binding_contract: 'Datum då bindningstiden löper ut',
    },
    messageLabel: 'Skälet',
    messageHint: 'Läses bara av vårt supportteam. Visas aldrig för kunden.',
    noteLabel: 'Meddelande till vårt supportteam (valfritt)',
    noteHint: 'Något annat vi bör veta. Läses bara av vårt supportteam.',
    send: 'Skicka',
    errorSummary: 'Kontrollera svaret:',
    errors: {
      chooseOutcome: 'Välj vad som hände med abonnemanget',
      dateMissing: 'Ange datumet',
      dateInvalid: 'Ange ett datum som finns, till exempel 2026-12-31',
      accessBeforeRequest: (requestDate) => `Tillgången kan inte upphöra innan vi skickade begäran (${requestDate})`,
      cancelledInFuture: 'En uppsägning som redan är gjord kan inte ha ett datum i framtiden',
      cancelledTooLongAgo: (earliest) => `Ange ett datum efter ${earliest}`,
      contractEnded: 'En bindningstid som redan har löpt ut hindrar inte en uppsägning: ange ett datum från och med i dag',
      tooFarAhead: (latest) => `Ange ett datum före ${latest}`,
      messageMissing: 'Skriv skälet',
      tooLong: (max) => `Skriv högst ${max.toLocaleString('sv-SE')} tecken`,
      invisibleCharacters: 'Ta bort styrtecken och osynliga tecken',
    },
    current: {
      heading: 'Ert svar',
      recordedOn: (when) => `Registrerat ${when}.`,
      bySupport: 'Registrerat av vårt supportteam för er räkning.',
      change: 'Om något har ändrats kan ni skicka ett nytt svar nedan. Det senaste svaret gäller.',
    },
    confirmation: {
      title: 'Svaret är registrerat',
      heading: 'Tack, ert svar är registrerat',
      recorded: 'Vi har registrerat att abonnemanget',
      change: 'Ändra svaret',
      privacy: 'Kunden får bara veta utfallet; det ni har skrivit stannar hos vårt supportteam.',
    },
    // A subordinate clause after "att abonnemanget": the adverb goes before the verb.
    answerSummary: ({ outcome, date: day }) => {
      switch (outcome) {
        case 'cancelled':
          return `nu har sagts upp (tillgång till och med ${date(day!)})`;
        case 'already_cancelled':
          return `redan var uppsagt (den ${date(day!)})`;
        case 'binding_contract':
          return `inte kunde sägas upp på grund av bindningstid (som löper ut ${date(day!)})`;
        case 'not_found':
          return 'inte kunde sägas upp: inget abonnemang hittades';
        case 'other':
          return 'inte kunde sägas upp, av ett annat skäl';
      }
    },
    linkProblems: {
      invalid: { status: 'Länken fungerar inte', body: 'Länken kan ha kopierats ofullständigt.' },
      expired: { status: 'Länken har gått ut', body: 'Länkarna i våra uppsägningsmejl fungerar under en begränsad tid.' },
      revoked: { status: 'Länken har ersatts', body: 'Ett nyare mejl om den här begäran har en ny länk.' },
      closed: { status: 'Begäran är avslutad', body: 'Den tar inte längre emot svar.' },
      answer_limit: { status: 'Begäran tar inte emot fler svar', body: 'Den har redan besvarats många gånger.' },
    },
    linkProblemNextStep:
      'Om ni fortfarande behöver berätta något om en uppsägning, svara på mejlet ni fick från oss så tar ' +
      'vårt supportteam det vidare därifrån.',
    sendProblems: {
      refused: {
        status: 'Svaret skickades inte',
        body: 'Formuläret kunde inte skickas härifrån. Öppna länken i mejlet igen och skicka det därifrån.',
      },
      too_large: {
        status: 'Svaret är för långt',
        body: 'Skälet och meddelandet får vara högst 2 000 tecken vardera. Gå tillbaka, korta dem och skicka igen.',
      },
      unreadable: {
        status: 'Svaret kunde inte läsas',
        body: 'Öppna länken i mejlet igen och skicka formuläret därifrån.',
      },
    },
  },
  csv: {
    previewTitle: 'Kontrollera svaren innan de registreras',
    previewSummary: ({ toRecord, problems, unanswered }) =>
      `${toRecord} svar att registrera, ${problems} ${problems === 1 ? 'rad' : 'rader'} med problem, ` +
      `${unanswered} ${unanswered === 1 ? 'rad' : 'rader'} utan svar (lämnas som de är). Inget registreras förrän ni bekräftar.`,
    toRecordHeading: 'Svar att registrera',
    problemsHeading: 'Rader som inte registreras',
    lineLabel: 'Rad',
    outcomeLabel: 'Utfall',
    dateLabel: 'Datum',
    problemLabel: 'Vad som är fel',
    confirm: 'Bekräfta och registrera',
    cancel: 'Avbryt',
    nothingToRecord: 'Ingen rad i filen kan registreras. Rätta filen och ladda upp den igen.',
    problems: {
      noReference: 'Referensen saknas',
      notYours: 'Inte en av era begäranden',
      duplicate: (lines) => `Samma referens finns på mer än en rad (rad ${lines.join(', ')})`,
      closed: 'Begäran är avslutad och tar inte emot fler svar',
      answerLimit: 'Begäran tar inte emot fler svar',
      outcome: (words) => `Okänt utfall: använd ett av ${words}`,
      field: (column, problem) => `${column}: ${problem}`,
      unchanged: 'Redan besvarad så: inget att ändra',
      recordedBefore: 'Redan registrerad från den här filen: inget att göra',
    },
    result: {
      title: 'Svaren är registrerade',
      recorded: (count) => `${count} svar registrerades.`,
      refused: (references) => `Inte registrerade, eftersom begäran ändrades efter förhandsvisningen: ${references}.`,
      alreadyRecordedTitle: 'Filen är redan registrerad',
      alreadyRecorded: (when) => `Filen registrerades ${when}. Att ladda upp den igen ändrade ingenting.`,
      cancelledTitle: 'Inget registrerades',
      cancelled: 'Uppladdningen avbröts. Inga av dess svar registrerades.',
      goneTitle: 'Uppladdningen väntar inte längre',
      gone: 'Den avbröts, eller så är förhandsvisningen mer än en dag gammal. Inget registrerades: ladda upp filen igen.',
    },
    fileProblems: {
      title: 'Filen togs inte emot',
      noFile: 'Välj en CSV-fil att ladda upp.',
      tooLarge: (megabytes) => `Filen är större än ${megabytes} MB. Dela upp den i mindre filer.`,
      tooManyRows: (rows) => `Filen har fler än ${rows} rader. Dela upp den i mindre filer.`,
      notUtf8: 'Filen är inte UTF-8-text. Spara den som "CSV UTF-8" i ert kalkylprogram.',
      notCsv: (line) => `Filen kunde inte läsas som CSV (nära rad ${line}). Kontrollera citattecknen på den raden.`,
      missingColumns: (columns) => `Första raden måste namnge kolumnerna reference, outcome, date och message. Saknas: ${columns}.`,
      refused: 'Filen kunde inte skickas härifrån. Öppna länken i vårt mejl igen och ladda upp den därifrån.',
    },
    backToInbox: 'Tillbaka till era öppna begäranden',
  },
  lang: 'sv',
  identifierLabels: {
    email: 'E-postadress',
    first_name: 'Förnamn',
    last_name: 'Efternamn',
    postal_address: 'Postadress',
    card_last4: 'Betalkortets fyra sista siffror',
    phone: 'Telefonnummer',
    date_of_birth: 'Födelsedatum',
  },
  inbox,
  digest,
};
