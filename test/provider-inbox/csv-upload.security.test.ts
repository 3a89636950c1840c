import { describe, expect, it } from 'vitest';
import { countAllAnswers } from '../support/request-state.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { OTHER_GYM, previewActions, providerCsvWorld } from '../support/provider-csv-world.ts';
import { answersFile } from './csv-fill.ts';

const world = await providerCsvWorld();
const [mine] = await world.openRequests(ACME_GYM.id, [JANE]);
const [theirs] = await world.openRequests(OTHER_GYM.id, [{ ...JANE, first_name: 'Secretia', member_number: '99999999' }]);

const notFound = (page: string) => /<td class="problem">([^<]*)<\/td>/.exec(page)?.[1];

describe('one provider\'s upload and another provider\'s requests', () => {
  it('refuses another provider\'s reference exactly as an unknown one, saying nothing about it', async () => {
    const other = await (await world.upload(ACME_GYM.id, answersFile([theirs!.reference, 'not_found', '', '']))).text();
    const unknown = await (await world.upload(ACME_GYM.id, answersFile(['CD-ZZZZZZZZ', 'not_found', '', '']))).text();
    expect(notFound(other)).toBe('Not one of your requests');
    expect(notFound(unknown)).toBe(notFound(other));
    // Nothing of that request shows: not its identifiers, not its state, not its date.
    expect(other).not.toContain('Secretia');
    expect(other).not.toContain('99999999');
    const withoutNonce = (page: string) => page.replace(/nonce="[^"]+"/, '');
    expect(withoutNonce(other.replace(theirs!.reference, 'CD-ZZZZZZZZ'))).toBe(withoutNonce(unknown));
    expect((await world.appView(theirs!.id)).status).toBe('sent');
  });

  it('does not let one provider confirm or cancel another\'s upload', async () => {
    const page = await (await world.upload(ACME_GYM.id, answersFile([mine!.reference, 'not_found', '', '']))).text();
    const { confirm, cancel } = previewActions(page);
    const asOther = (path: string) => path.replace(world.inboxPath(ACME_GYM.id), world.inboxPath(OTHER_GYM.id));
    expect((await world.press(asOther(confirm))).status).toBe(410);
    await world.press(asOther(cancel));
    expect(await countAllAnswers(world.deps)).toBe(0);
    // The owner's preview is still waiting, untouched by the other's cancel.
    expect((await world.press(confirm)).status).toBe(200);
    expect((await world.appView(mine!.id)).outcome).toEqual({ type: 'not_found' });
  });
});

const [request] = await world.openRequests(ACME_GYM.id, [JANE]);

describe('cross-site posts (the reply form\'s same-origin check)', () => {
  const file = answersFile([request!.reference, 'not_found', '', '']);

  it.each([
    ['no Sec-Fetch-Site nor Origin', {}],
    ['a cross-site Sec-Fetch-Site', { 'sec-fetch-site': 'cross-site' }],
    ['another Origin', { origin: 'https://evil.example' }],
  ])('refuses an upload with %s, storing nothing', async (_, headers) => {
    const response = await world.upload(ACME_GYM.id, file, headers);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('could not be sent from here. Open the link from the email again');
    expect(await world.deps.db.selectFrom('provider_csv_uploads').select('id').where('file_hash', '!=', '').execute()).toHaveLength(1);
  });

  it('takes an upload whose Origin is ours', async () => {
    const response = await world.upload(ACME_GYM.id, file, { origin: 'https://canceldesk.test' });
    expect(response.status).toBe(200);
  });

  it('refuses a cross-site Confirm and Cancel, recording and dropping nothing', async () => {
    const page = await (await world.upload(ACME_GYM.id, file)).text();
    const { confirm, cancel } = previewActions(page);
    expect((await world.press(confirm, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await world.press(cancel, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await world.appView(request!.id)).status).toBe('sent');
    expect((await world.press(confirm)).status).toBe(200);
    expect((await world.appView(request!.id)).status).toBe('answered');
  });

  it('serves its pages under the strict page headers, a CSP whose nonce is the page style\'s', async () => {
    const response = await world.upload(ACME_GYM.id, answersFile(['CD-ZZZZZZZZ', 'not_found', '', '']));
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(await response.text()).toContain(`<style nonce="${nonce}">`);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
