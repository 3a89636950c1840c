// An app that follows its cancellations by polling, with @canceldesk/client. Against `npm start`:
//   npx tsx examples/app-polling/index.ts cancel demo-gym email=jane@example.com first_name=Jane …
//   npx tsx examples/app-polling/index.ts          (every few minutes, e.g. from cron: prints what changed)
// CANCELDESK_URL and CANCELDESK_API_KEY say where and who (npm start's demo key by default); the cursor
// is kept in CURSOR_FILE, so each run continues where the last one stopped.
import { readFile, writeFile } from 'node:fs/promises';
import { Canceldesk, type CancellationRequest } from '@canceldesk/client';

const cd = new Canceldesk({
  baseUrl: process.env.CANCELDESK_URL ?? 'http://localhost:8787',
  apiKey: process.env.CANCELDESK_API_KEY ?? 'cdk_demo_local_development_only_not_a_secret',
});
const cursorFile = process.env.CURSOR_FILE ?? '.canceldesk-cursor';

async function cancel(providerId: string, pairs: string[]) {
  const customer = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  // Ask the provider what it needs first, so the customer can be asked for what is missing.
  const provider = await cd.providers.get(providerId);
  if (provider.error) return fail(provider.error.message);
  const missing = provider.data.identifiers.filter((identifier) => identifier.required && !customer[identifier.key]);
  if (missing.length > 0) return fail(`${provider.data.name} also needs: ${missing.map((identifier) => `${identifier.key} (${identifier.label})`).join(', ')}`);
  const { data, error } = await cd.requests.create({ provider: providerId, customer });
  if (error) return fail(`${error.message}${error.fields ? ` ${JSON.stringify(error.fields)}` : ''}`);
  console.log(`asked ${provider.data.name} to cancel: ${data.id} is ${data.status}, case ${data.caseReference}`);
}

async function poll() {
  const cursor = await readFile(cursorFile, 'utf8').catch(() => undefined);
  const feed = cd.requests.changes({ cursor });
  let changes = 0;
  for await (const request of feed) {
    changes++;
    console.log(describe(request));
  }
  // Saved even after an error: it stands after the pages that were handled.
  if (feed.cursor) await writeFile(cursorFile, feed.cursor);
  if (feed.error) return fail(`stopped: ${feed.error.message}`);
  console.log(`caught up: ${changes} change${changes === 1 ? '' : 's'}`);
}

function describe(request: CancellationRequest): string {
  const outcome = request.outcome;
  if (!outcome) return `${request.id} ${request.status}`;
  const until = outcome.type === 'cancelled' ? ` (access until ${outcome.accessUntil})` : outcome.type === 'binding_contract' ? ` (contract ends ${outcome.contractEndsOn})` : '';
  return `${request.id} ${request.status}: ${outcome.type}${until}`;
}

function fail(message: string) {
  console.error(message);
  process.exitCode = 1;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'cancel' && rest[0]) await cancel(rest[0], rest.slice(1));
else if (command === undefined) await poll();
else fail('usage: index.ts [cancel PROVIDER key=value …]');
