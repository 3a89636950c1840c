import { describe, expect, it } from 'vitest';
import { replyWorld, tokenOf } from '../support/reply-world.ts';
import { CHROME_CLICK } from './header-sets.ts';

const lines: string[] = [];
const world = await replyWorld({}, { log: (line) => void lines.push(line) });

describe('when link activity cannot be written', async () => {
  const request = await world.createRequest();
  const token = tokenOf(request.replyPath);
  const atomic = world.deps.atomic;
  // The database refuses link activity's write (as a full disk or a lock would), with an error that even names the token.
  world.deps.atomic = (writes) =>
    writes.some((write) => write.sql.includes('link_activity')) ? Promise.reject(Object.assign(new Error(`refused for /reply/${token}`), { code: 'SQLITE_FULL' })) : atomic(writes);

  it('still shows the form, and logs the failure without the token', async () => {
    const page = await world.open(request.replyPath, { headers: CHROME_CLICK.headers });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    expect(lines).toContainEqual(`link activity not recorded for request ${request.id}: Error SQLITE_FULL`);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('still takes an answer', async () => {
    expect((await world.sendForm(request.replyPath, { outcome: 'not_found' })).status).toBe(200);
    expect(await world.appView(request.id)).toMatchObject({ status: 'answered', firstOpenedAt: null });
  });
});
