import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canceldesk as runCanceldesk } from '../support/cli.ts';
import { supportWorld } from '../support/console-session.ts';
import { historyOf } from '../support/request-state.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';

// `canceldesk requests show ID` as an operator runs it, on the app's database file: the support view of
// one request, and its own read of free text written to the history (SPEC §9).

const scratch = mkdtempSync(join(tmpdir(), 'canceldesk-requests-show-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dbFile = join(scratch, 'canceldesk.db');

// The app, on the same database file the CLI opens: a request answered by the provider (with free
// text) and then by support, and one with no answer at all.
const w = await supportWorld({ DATABASE_URL: `file:${dbFile}` });
const { deps, clock } = w;
const answered = await w.createRequest();
clock.advance(60_000);
expect((await w.sendForm(answered.replyPath, { outcome: 'other', message: 'Company contract:\nask HR.', note: 'Call on Monday.' })).status).toBe(200);
clock.advance(60_000);
const cookie = await w.logIn();
expect((await w.post(`/support/requests/${answered.id}/answers`, cookie, { outcome: 'cancelled', date: '2026-12-31', note: 'Confirmed by phone.' })).status).toBe(303);
const unanswered = await w.createRequest();

const canceldesk = (...args: string[]) => runCanceldesk(args, { NODE_ENV: 'test', DATABASE_URL: `file:${dbFile}` });

const viewsOf = (id: string) => historyOf(deps, id, 'free_text_viewed');

describe('canceldesk requests show ID --json', () => {
  it('prints one JSON document with the identifiers, every answer with its free text, the emails and the history', async () => {
    const run = await canceldesk('requests', 'show', answered.id, '--json');
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const request = JSON.parse(run.stdout);

    expect(request).toMatchObject({
      id: answered.id,
      caseReference: expect.stringMatching(/^CD-[0-9A-Z]{8}$/),
      reference: null,
      status: 'answered',
      provider: { id: ACME_GYM.id, name: ACME_GYM.name },
      clientId: w.client.id,
      outcome: { type: 'cancelled', accessUntil: '2026-12-31' },
    });
    expect(request.identifiers).toContainEqual({ key: 'email', label: 'Email address', value: JANE.email });
    expect(request.identifiers).toContainEqual({ key: 'postal_address', label: 'Postal address', value: JANE.postal_address });
    expect(request.answers).toEqual([
      { number: 1, at: expect.any(String), by: 'provider', outcome: 'other', date: null, message: 'Company contract:\nask HR.', note: 'Call on Monday.' },
      { number: 2, at: expect.any(String), by: w.actor, outcome: 'cancelled', date: '2026-12-31', message: null, note: 'Confirmed by phone.' },
    ]);
    expect(request.emails).toEqual([
      expect.objectContaining({ status: 'queued', to: ACME_GYM.emails, attempts: 0, lastError: null }),
    ]);
    const events = request.history.map((h: { actor: string; event: string }) => `${h.actor} ${h.event}`);
    expect(events).toEqual(expect.arrayContaining([`app:${w.client.id} created`, 'provider answered', `${w.actor} answered`, 'operator free_text_viewed']));
  });

  it('writes one free_text_viewed entry with actor operator per run on a request with free text', async () => {
    const before = (await viewsOf(answered.id)).length;
    expect((await canceldesk('requests', 'show', answered.id, '--json')).code).toBe(0);
    const views = await viewsOf(answered.id);
    expect(views).toHaveLength(before + 1);
    expect(views.at(-1)).toMatchObject({ actor: 'operator', detail: JSON.stringify({ answers: [1, 2] }) });
  });

  it('writes nothing to the history of a request with no free text', async () => {
    const before = await historyOf(deps, unanswered.id);
    const run = await canceldesk('requests', 'show', unanswered.id, '--json');
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toMatchObject({ id: unanswered.id, status: 'queued', answers: [] });
    expect(await historyOf(deps, unanswered.id)).toEqual(before);
  });
});

describe('canceldesk requests show ID', () => {
  it('prints readable lines: the request, its customer, each answer with its free text, the emails and the history', async () => {
    const run = await canceldesk('requests', 'show', answered.id);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(() => JSON.parse(run.stdout)).toThrow();
    const lines = run.stdout.trimEnd().split('\n');

    expect(lines[0]).toMatch(new RegExp(`^CD-[0-9A-Z]{8}  ${answered.id}$`));
    expect(lines).toContain('  status     answered');
    expect(lines).toContain(`  provider   ${ACME_GYM.name} (${ACME_GYM.id})`);
    expect(lines).toContain(`  First name: ${JANE.first_name}`);
    expect(lines).toContain('  Postal address: 1 Main Street, 12345 Springfield');

    expect(lines).toContainEqual(expect.stringMatching(/^ {2}#1 {2}\S+ {2}provider {2}other$/));
    expect(lines).toContain('      message: Company contract:');
    expect(lines).toContain('               ask HR.');
    expect(lines).toContain('      note: Call on Monday.');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}#2 {2}\\S+ {2}${w.actor} {2}cancelled 2026-12-31$`)));
    expect(lines).toContain('      note: Confirmed by phone.');

    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}\\S+ {2}queued {2}attempts 0 {2}to ${ACME_GYM.emails.join(', ')}$`)));
    const history = lines.slice(lines.indexOf('History') + 1);
    expect(history).toContainEqual(expect.stringMatching(new RegExp(`^ {2}\\S+ {2}app:${w.client.id} {2}created$`)));
    expect(history).toContainEqual(expect.stringMatching(/^ {2}\S+ {2}provider {2}answered /));
    expect(history).toContainEqual(expect.stringMatching(/^ {2}\S+ {2}operator {2}free_text_viewed {2}\{"answers":\[1,2\]\}$/));
    expect(run.stderr).toBe('');
  });

  it('also writes its read of free text to the history', async () => {
    const before = (await viewsOf(answered.id)).length;
    expect((await canceldesk('requests', 'show', answered.id)).code).toBe(0);
    expect(await viewsOf(answered.id)).toHaveLength(before + 1);
  });
});

describe('canceldesk requests show CD-REFERENCE', () => {
  const referenceOf = async (id: string) => (await deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;

  it.each([
    ['as stored', (reference: string) => reference],
    ['typed in lower case', (reference: string) => reference.toLowerCase()],
    ['with spaces around', (reference: string) => `  ${reference.toLowerCase()} `],
  ])('finds the request by the reference providers quote, %s', async (_, typed) => {
    const reference = await referenceOf(unanswered.id);
    const run = await canceldesk('requests', 'show', typed(reference), '--json');
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toMatchObject({ id: unanswered.id, caseReference: reference });
  });

  it('records its read of free text under the request it found by reference', async () => {
    const before = (await viewsOf(answered.id)).length;
    expect((await canceldesk('requests', 'show', (await referenceOf(answered.id)).toLowerCase())).code).toBe(0);
    expect(await viewsOf(answered.id)).toHaveLength(before + 1);
  });

  it('exits 1 naming an unknown reference', async () => {
    const run = await canceldesk('requests', 'show', 'CD-00000000');
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr.trim()).toBe('no cancellation request CD-00000000');
  });
});

describe('canceldesk requests show with a bad ID', () => {
  it.each([
    ['an unknown ID', ['requests', 'show', 'cr_missing', '--json'], 'cr_missing'],
    ['no ID', ['requests', 'show', '--json'], 'ID'],
    ['no ID, without --json', ['requests', 'show'], 'ID'],
  ])('with %s exits 1 with one line on stderr and nothing on stdout', async (_, args, mentions) => {
    const run = await canceldesk(...args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(mentions);
  });
});

describe('canceldesk requests show with an email reply', () => {
  it('prints the request\'s email replies, their text under its own label, and records the read', async () => {
    const replied = await w.createRequest();
    const { reference } = await deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', replied.id).executeTakeFirstOrThrow();
    const message = [
      `From: ${ACME_GYM.emails[0]}`,
      `Subject: Re: ${reference}`,
      'Message-ID: <reply-for-show@acme.example>',
      '',
      'Has been cancelled, access until 31 January 2027.',
      'Fake line: #1 status answered',
      '',
    ].join('\r\n');
    const stored = await runCanceldesk(['inbound', 'receive', '--json'], { NODE_ENV: 'test', DATABASE_URL: `file:${dbFile}` }, { stdin: message });
    expect(stored, stored.stderr).toMatchObject({ code: 0 });
    const reply = JSON.parse(stored.stdout) as { id: string; requestId: string };
    expect(reply.requestId).toBe(replied.id);

    const run = await canceldesk('requests', 'show', reference);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const lines = run.stdout.trimEnd().split('\n');
    const section = lines.slice(lines.indexOf('Email replies') + 1, lines.indexOf('Emails'));
    expect(section[0]).toMatch(new RegExp(`^ {2}${reply.id} {2}\\S+ {2}reply {2}open {2}from ${ACME_GYM.emails[0]} {2}suggested cancelled 2027-01-31$`));
    expect(section).toContain(`      subject: Re: ${reference}`);
    expect(section).toContain('      text: Has been cancelled, access until 31 January 2027.');
    expect(section).toContain('            Fake line: #1 status answered');
    expect(JSON.parse((await viewsOf(replied.id)).at(-1)!.detail!)).toEqual({ emailReplies: [reply.id] });
  });

  it('says so when a request has no email replies', async () => {
    const lines = (await canceldesk('requests', 'show', unanswered.id)).stdout.split('\n');
    expect(lines[lines.indexOf('Email replies') + 1]).toBe('  (none)');
  });
});
