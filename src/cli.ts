import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createApiClient } from './clients/api-clients.ts';
import { ConfigError } from './config.ts';
import { listOutbox } from './db/outbox.ts';
import { listProviders } from './db/providers.ts';
import { DEMO_API_KEY, DEMO_CUSTOMER, DEMO_PROVIDER, seedDemo } from './demo/seed.ts';
import { type NodeRuntime, openNodeRuntime, serveNode } from './node.ts';
import { drainOutbox } from './outbox/drain.ts';
import { importProviders } from './providers/import.ts';
import { labelOf } from './providers/identifiers.ts';
import type { FieldErrors } from './validation.ts';

/**
 * `canceldesk <command>`: the operator's tool. With --json a command prints exactly one JSON document
 * on stdout; everything else (progress, logs) goes to stderr. Failure: exit 1, one line on stderr.
 */

const USAGE = `usage: canceldesk <command> [--json]
  serve                                   start the server (applies migrations first)
  migrate                                 apply pending migrations
  providers import FILE                   create or update providers from a JSON file
  providers list                          list providers and their identifiers
  clients create --name NAME [--webhook-url URL]
                                          create an API client; prints its key once
  outbox list [--to ADDRESS] [--request ID]
                                          emails in the outbox
  outbox drain                            send what is due now`;

class CliError extends Error {}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    name: { type: 'string' },
    'webhook-url': { type: 'string' },
    to: { type: 'string' },
    request: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const printJson = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const note = (line: string): void => void process.stderr.write(`${line}\n`);
const fieldLines = (fields: FieldErrors) => Object.entries(fields).map(([field, message]) => `  ${field}: ${message}`);

async function main(): Promise<void> {
  const [command, sub, arg] = positionals;
  if (flags.help || !command) {
    say(USAGE);
    return;
  }
  const runtime = openNodeRuntime(process.env, note);
  if (command === 'serve') return serve(runtime);
  try {
    const applied = await runtime.migrate();
    if (command === 'migrate') {
      if (flags.json) printJson({ applied });
      else say(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
      return;
    }
    if (applied.length) note(`applied migrations: ${applied.join(', ')}`);
    await run(runtime, `${command} ${sub ?? ''}`.trim(), arg);
  } finally {
    await runtime.close();
  }
}

async function run(runtime: NodeRuntime, command: string, arg: string | undefined): Promise<void> {
  const { deps } = runtime;
  switch (command) {
    case 'providers import': {
      if (!arg) throw new CliError('providers import needs a FILE');
      let file: unknown;
      try {
        file = JSON.parse(readFileSync(arg, 'utf8'));
      } catch (error) {
        throw new CliError(`cannot read ${arg} as JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      const result = await importProviders(deps, file);
      if (!result.ok) {
        note(fieldLines(result.fields).join('\n'));
        throw new CliError(`${arg}: ${Object.keys(result.fields).length} problem(s); nothing was imported`);
      }
      if (flags.json) printJson({ imported: result.providers.map((p) => p.id) });
      else say(`imported ${result.providers.length} provider(s): ${result.providers.map((p) => p.id).join(', ')}`);
      return;
    }
    case 'providers list': {
      const providers = await listProviders(deps.db);
      if (flags.json) return printJson(providers);
      if (providers.length === 0) say('no providers yet: canceldesk providers import FILE');
      for (const p of providers) {
        say(`${p.id}  ${p.name}  (${p.locale}; ${p.emails.join(', ')}; reply within ${p.replyWindowDays} days)`);
        for (const def of p.identifiers) say(`    ${def.key}  "${labelOf(def)}"${def.required ? '' : '  optional'}${def.pattern ? `  /${def.pattern}/` : ''}`);
      }
      return;
    }
    case 'clients create': {
      const result = await createApiClient(deps, { name: flags.name ?? '', webhookUrl: flags['webhook-url'] });
      if (!result.ok) throw new CliError(`invalid client: ${Object.entries(result.fields).map(([f, m]) => `--${f === 'webhookUrl' ? 'webhook-url' : f} ${m}`).join('; ')}`);
      if (flags.json) return printJson(result.client);
      say(`created API client ${result.client.id} (${result.client.name})`);
      say(`API key (shown once, only its hash is stored): ${result.client.apiKey}`);
      return;
    }
    case 'outbox list': {
      const emails = await listOutbox(deps.db, { to: flags.to, requestId: flags.request });
      const shown = emails.map((e) => ({
        id: e.id,
        requestId: e.request_id,
        kind: e.kind,
        status: e.status,
        to: JSON.parse(e.recipients) as string[],
        subject: e.subject,
        html: e.html,
        text: e.text,
        attempts: e.attempts,
        lastError: e.last_error,
        createdAt: e.created_at,
        sentAt: e.sent_at,
      }));
      if (flags.json) return printJson(shown);
      if (shown.length === 0) say('the outbox is empty');
      for (const e of shown) {
        say(`${e.id}  ${e.status}  ${e.createdAt}  to ${e.to.join(', ')}  request ${e.requestId ?? '-'}`);
        say(`    ${e.subject}${e.lastError ? `\n    last error: ${e.lastError}` : ''}`);
      }
      return;
    }
    case 'outbox drain': {
      const report = await drainOutbox(deps);
      if (flags.json) return printJson(report);
      say(`sent ${report.sent}, failed ${report.failed}, retrying later ${report.retrying}, still queued ${report.waiting}`);
      return;
    }
    default:
      throw new CliError(`unknown command "${command}"; see canceldesk --help`);
  }
}

async function serve(runtime: NodeRuntime): Promise<void> {
  const { deps } = runtime;
  const applied = await runtime.migrate();
  if (applied.length) note(`applied migrations: ${applied.join(', ')}`);
  const development = deps.config.environment === 'development';
  if (development) await seedDemo(deps);
  await serveNode(runtime, (url) => {
    note(`Canceldesk listening on ${url} (${deps.config.environment}, mail via ${deps.mailer.name})`);
    if (development) note(demoBanner(deps.config.publicUrl));
  });
}

function demoBanner(publicUrl: string): string {
  const body = JSON.stringify({ provider: DEMO_PROVIDER.id, customer: DEMO_CUSTOMER, reference: 'demo-1' });
  return `
Demo provider: ${DEMO_PROVIDER.id}    Demo API key: ${DEMO_API_KEY}

Create a cancellation request:
  curl -s ${publicUrl}/api/v1/cancellation-requests \\
    -H 'Authorization: Bearer ${DEMO_API_KEY}' -H 'Content-Type: application/json' \\
    -d '${body}'

See the email it sends (with its reply link): ${publicUrl}/dev/outbox
`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) note(error.problems.join('\n'));
  else if (error instanceof CliError) note(error.message);
  else note(`canceldesk: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
