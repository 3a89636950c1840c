import { readFileSync } from 'node:fs';
import type { Operator } from '../operator/operator.ts';
import { type IdentifierDefinition, labelOf } from '../providers/identifiers.ts';
import { OVER_SIZE } from '../email-replies/refusals.ts';
import { receivedLine, receivedMessage } from './inbound.ts';
import { requestReport } from './request-report.ts';
import { statsReportLines } from './stats-report.ts';
import { CliError, type CliOutput, fieldLines, type StandardInput } from './output.ts';

export interface CommandInput {
  /** This machine's database, or a deployment's admin API with --url: the command cannot tell. */
  operator: Operator;
  /** The first positional after the command, e.g. the FILE of `providers import FILE`. */
  arg: string | undefined;
  /** The positionals after `arg` (`providers keys create PROVIDER_ID`: the id). */
  rest?: string[];
  out: CliOutput;
  /** Standard input, for a command given no FILE. */
  stdin?: StandardInput;
  flags: {
    json: boolean;
    name?: string;
    'webhook-url'?: string;
    'no-webhook'?: boolean;
    'rotate-webhook-secret'?: boolean;
    email?: string;
    to?: string;
    request?: string;
    url?: string;
    at?: string;
    days?: string;
    revoke?: boolean;
    provider?: string;
  };
}

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `--at`: a calendar day (its 00:00 UTC) or a date-time with its offset; nothing `Date` would guess at. */
function momentOf(value: string): Date {
  const moment = ISO_MOMENT.test(value) ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : null;
  // `Date` rolls 2027-02-30 over into March; a real day reads back as itself.
  if (!moment || Number.isNaN(moment.getTime()) || (value.length === 10 && moment.toISOString().slice(0, 10) !== value)) {
    throw new CliError(`--at must be an ISO date-time such as 2027-04-01T09:00:00Z or a day such as 2027-04-01 (got ${JSON.stringify(value)})`);
  }
  return moment;
}

/** The commands an operator runs, here or (with --url) against a deployment; `serve` and `migrate` live in the entry. */
export const COMMANDS: Record<string, { usage: string; run: (input: CommandInput) => Promise<void> }> = {
  'providers import': {
    usage: 'providers import FILE                   create or update providers from a JSON file',
    async run({ operator, arg, flags, out }) {
      if (!arg) throw new CliError('providers import needs a FILE');
      let file: unknown;
      try {
        file = JSON.parse(readFileSync(arg, 'utf8'));
      } catch (error) {
        throw new CliError(`cannot read ${arg} as JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      const result = await operator.importProviders(file);
      if (result.kind === 'invalid') {
        out.note(fieldLines(result.fields, 'the file'));
        throw new CliError(`${arg}: ${Object.keys(result.fields).length} problem(s); nothing was imported`);
      }
      const ids = result.imported;
      if (flags.json) out.printJson({ imported: ids });
      else out.say(`imported ${ids.length} provider(s): ${ids.join(', ')}`);
    },
  },
  'providers list': {
    usage: 'providers list                          list providers and their identifiers',
    async run({ operator, flags, out }) {
      const providers = await operator.listProviders();
      if (flags.json) return out.printJson(providers);
      if (providers.length === 0) out.say('no providers yet: canceldesk providers import FILE');
      for (const p of providers) {
        out.say(`${p.id}  ${p.name}  (${p.locale}; ${p.emails.join(', ')}; reply within ${p.replyWindowDays} days${p.perRequestEmails ? '' : '; no email per request'})`);
        for (const def of p.identifiers) {
          out.say(`    ${def.key}  ${writtenLabels(def)}${def.required ? '' : '  optional'}${def.pattern ? `  /${def.pattern}/` : ''}`);
        }
      }
    },
  },
  'providers keys': {
    usage:
      'providers keys create PROVIDER_ID       a provider API key; prints it once\n' +
      '  providers keys revoke KEY_ID            end a provider API key at once',
    async run({ operator, arg, rest = [], flags, out }) {
      const [id] = rest;
      if ((arg !== 'create' && arg !== 'revoke') || !id) throw new CliError('usage: providers keys create PROVIDER_ID | providers keys revoke KEY_ID');
      if (arg === 'create') {
        const key = await operator.createProviderKey(id);
        if (!key) throw new CliError(`no provider ${id}`);
        if (flags.json) return out.printJson({ id: key.id, apiKey: key.apiKey });
        out.say(`created provider API key ${key.id} for ${key.providerId}`);
        return out.say(`Provider API key (shown once, only its hash is stored): ${key.apiKey}`);
      }
      const key = await operator.revokeProviderKey(id);
      if (!key) throw new CliError(`no provider API key ${id}`);
      if (flags.json) return out.printJson(key);
      out.say(`provider API key ${key.id} (${key.providerId}) revoked at ${key.revokedAt}`);
    },
  },
  'providers webhook': {
    usage:
      'providers webhook PROVIDER_ID --webhook-url URL | --no-webhook\n' +
      '                                          set a provider\'s webhook endpoint (prints its new secret once) or remove it',
    async run({ operator, arg, flags, out }) {
      if (!arg) throw new CliError('providers webhook needs a PROVIDER_ID');
      // --url already names the deployment a command runs against, so the endpoint is --webhook-url, as for clients.
      if ((flags['webhook-url'] === undefined) === !flags['no-webhook']) throw new CliError('give --webhook-url URL or --no-webhook');
      const result = await operator.setProviderWebhook(arg, flags['no-webhook'] ? null : flags['webhook-url']!);
      if (!result) throw new CliError(`no provider ${arg}`);
      if (result.kind === 'invalid') throw new CliError(`invalid webhook: --webhook-url ${Object.values(result.fields).join('; ')}`);
      if (flags.json) return out.printJson(result.endpoint);
      const { webhookUrl, webhookSecret } = result.endpoint;
      out.say(webhookUrl ? `provider ${arg} gets webhooks at ${webhookUrl}` : `provider ${arg} has no webhook endpoint`);
      if (webhookSecret) out.say(webhookSecretLine(webhookSecret));
    },
  },
  'providers inbox-link': {
    usage:
      'providers inbox-link PROVIDER_ID [--days N] | --revoke\n' +
      '                                          a link to the provider\'s open requests (default 30 days); --revoke ends all its links',
    async run({ operator, arg, flags, out }) {
      if (!arg) throw new CliError('providers inbox-link needs a PROVIDER_ID');
      if (flags.revoke) {
        if (flags.days !== undefined) throw new CliError('give --days or --revoke, not both');
        if (!(await operator.revokeInboxLinks(arg))) throw new CliError(`no provider ${arg}`);
        if (flags.json) return out.printJson({ revoked: true });
        return out.say(`every inbox link of ${arg} has stopped working`);
      }
      const days = flags.days === undefined ? undefined : /^\d{1,4}$/.test(flags.days) ? Number(flags.days) : NaN;
      if (Number.isNaN(days)) throw new CliError(`--days must be a whole number of days (got ${JSON.stringify(flags.days)})`);
      const result = await operator.issueInboxLink(arg, { days });
      if (!result) throw new CliError(`no provider ${arg}`);
      if (result.kind === 'invalid') throw new CliError(`invalid inbox link: ${Object.entries(result.fields).map(([field, message]) => `--${field} ${message}`).join('; ')}`);
      if (flags.json) return out.printJson({ url: result.url, expiresAt: result.expiresAt });
      out.say(result.url);
      out.say(`works until ${result.expiresAt} (canceldesk providers inbox-link ${arg} --revoke ends it sooner)`);
    },
  },
  'clients create': {
    usage: 'clients create --name NAME [--webhook-url URL]\n                                          create an API client; prints its key once',
    async run({ operator, flags, out }) {
      const result = await operator.createClient({ name: flags.name ?? '', webhookUrl: flags['webhook-url'] });
      if (result.kind === 'invalid') throw invalidClient(result.fields);
      if (flags.json) return out.printJson(result.client);
      out.say(`created API client ${result.client.id} (${result.client.name})`);
      out.say(`API key (shown once, only its hash is stored): ${result.client.apiKey}`);
      if (result.client.webhookSecret) out.say(webhookSecretLine(result.client.webhookSecret));
    },
  },
  'clients update': {
    usage:
      'clients update ID --webhook-url URL | --no-webhook [--rotate-webhook-secret]\n' +
      '                                          set, change or remove a client\'s webhook endpoint',
    async run({ operator, arg, flags, out }) {
      if (!arg) throw new CliError('clients update needs a client ID');
      if (flags['webhook-url'] !== undefined && flags['no-webhook']) throw new CliError('give --webhook-url or --no-webhook, not both');
      const webhookUrl = flags['no-webhook'] ? null : flags['webhook-url'];
      if (webhookUrl === undefined && !flags['rotate-webhook-secret']) throw new CliError('nothing to change: give --webhook-url URL, --no-webhook or --rotate-webhook-secret');
      const result = await operator.updateClient(arg, { webhookUrl, rotateWebhookSecret: flags['rotate-webhook-secret'] });
      if (!result) throw new CliError(`no API client ${arg}`);
      if (result.kind === 'invalid') throw invalidClient(result.fields);
      if (flags.json) return out.printJson(result.client);
      out.say(result.client.webhookUrl ? `client ${arg} sends webhooks to ${result.client.webhookUrl}` : `client ${arg} has no webhook endpoint`);
      if (result.client.webhookSecret) out.say(webhookSecretLine(result.client.webhookSecret));
    },
  },
  'support create': {
    usage: 'support create --email EMAIL            create a support account; prints its password once',
    async run({ operator, flags, out }) {
      const result = await operator.createSupportAccount({ email: flags.email ?? '' });
      if (result.kind === 'invalid') throw new CliError(`invalid support account: --email ${Object.values(result.fields).join('; ')}`);
      if (flags.json) return out.printJson(result.account);
      out.say(`created support account ${result.account.id} (${result.account.email})`);
      out.say(`Password (shown once, only its hash is stored): ${result.account.password}`);
    },
  },
  'requests show': {
    usage: 'requests show ID|CD-REFERENCE           one request with every answer and its history (support view)',
    async run({ operator, arg, flags, out }) {
      if (!arg) throw new CliError('requests show needs a request ID or its CD-… reference');
      // Like a support account's read, the operator's is written to the request's history.
      const request = await operator.showRequest(arg);
      if (!request) throw new CliError(`no cancellation request ${arg}`);
      if (flags.json) return out.printJson(request);
      for (const line of requestReport(request)) out.say(line);
    },
  },
  'outbox list': {
    usage: 'outbox list [--to ADDRESS] [--request ID]\n                                          emails in the outbox',
    async run({ operator, flags, out }) {
      const emails = await operator.listOutbox({ to: flags.to, requestId: flags.request });
      if (flags.json) return out.printJson(emails);
      if (emails.length === 0) out.say(flags.to === undefined && flags.request === undefined ? 'the outbox is empty' : `no email in the outbox matches ${outboxFilterWords(flags)}`);
      for (const e of emails) {
        out.say(`${e.id}  ${e.status}  ${e.createdAt}  to ${e.to.join(', ')}  request ${e.requestId ?? '-'}`);
        out.say(`    ${e.subject}${e.lastError ? `\n    last error: ${e.lastError}` : ''}`);
      }
    },
  },
  'lifecycle run': {
    usage:
      'lifecycle run [--at ISO-DATETIME]       follow-ups, reminders, expiry, retention, then queued mail and webhooks, once\n' +
      '                                          (--at: as if it were that moment; local only, never in production)',
    async run({ operator, flags, out }) {
      const at = flags.at === undefined ? undefined : momentOf(flags.at);
      // A deployment's admin API runs its own clock: moving it from outside would remind and expire real requests early.
      if (at && flags.url) throw new CliError('--at runs only next to the database (without --url): a deployment keeps its own time');
      const report = await operator.runLifecycle(at ? { at } : {});
      if (flags.json) return out.printJson(report);
      out.say(`followed up ${report.followedUp}, reminded ${report.reminded}, expired ${report.expired}, digests ${report.digests}, erased ${report.erased}`);
      out.say(`mail: ${drainLine(report.outbox)}`);
      out.say(`webhooks: delivered ${report.webhooks.delivered}, failed ${report.webhooks.failed}, retrying ${report.webhooks.retrying}, waiting ${report.webhooks.waiting}`);
    },
  },
  'inbound receive': {
    usage:
      'inbound receive [FILE]                  store one received email (raw RFC 822; standard input without FILE)\n' +
      '                                          as an email reply matched to its request: a mail server\'s pipe',
    async run({ operator, arg, flags, out, stdin }) {
      const raw = await receivedMessage(arg, stdin);
      const result = raw.kind === 'too_large' ? OVER_SIZE : await operator.receiveEmail(raw.bytes);
      if (result.kind === 'refused') throw new CliError(`${arg ?? 'standard input'}: ${result.message} Nothing was stored.`);
      if (flags.json) return out.printJson(result.reply);
      out.say(receivedLine(result));
    },
  },
  stats: {
    usage:
      'stats [--days N] [--provider ID]        how providers answered the requests made in the last N days (1–365, default 30):\n' +
      '                                          sent, answered, rate, median and p90 time to answer, open, overdue, bounced, outcomes',
    async run({ operator, flags, out }) {
      const days = flags.days === undefined ? 30 : /^\d+$/.test(flags.days) ? Number(flags.days) : Number.NaN;
      const result = await operator.providerStats({ days, provider: flags.provider });
      if (result.kind === 'invalid') {
        throw new CliError(Object.entries(result.fields).map(([field, problem]) => `${field.replace(/^query\./, '--')} ${problem}`).join('; '));
      }
      if (flags.json) return out.printJson(result.report);
      for (const line of statsReportLines(result.report)) out.say(line);
    },
  },
  'outbox drain': {
    usage: 'outbox drain                            send what is due now',
    async run({ operator, flags, out }) {
      const report = await operator.drainOutbox();
      if (flags.json) return out.printJson(report);
      out.say(drainLine(report));
    },
  },
};

/** The words of the JSON report's fields, so text and --json name the same counts the same way. */
const drainLine = (report: { sent: number; failed: number; retrying: number; waiting: number }) =>
  `sent ${report.sent}, failed ${report.failed}, retrying ${report.retrying}, waiting ${report.waiting}`;

const outboxFilterWords = (flags: CommandInput['flags']) =>
  [flags.to === undefined ? '' : `--to ${flags.to}`, flags.request === undefined ? '' : `--request ${flags.request}`].filter(Boolean).join(' ');

function invalidClient(fields: Record<string, string>): CliError {
  const problems = Object.entries(fields).map(([field, message]) => `--${field === 'webhookUrl' ? 'webhook-url' : field} ${message}`);
  return new CliError(`invalid client: ${problems.join('; ')}`);
}

const webhookSecretLine = (secret: string) => `Webhook signing secret (shown once; verify our webhook-signature with it): ${secret}`;

/** The operator sees every language a label was written in, so a missing one shows before a provider meets it. */
const writtenLabels = (def: IdentifierDefinition): string =>
  typeof def.label === 'object'
    ? Object.entries(def.label).map(([locale, text]) => `${locale} "${text}"`).join(', ')
    : `"${labelOf(def)}"`;
