import { describe, expect, it } from 'vitest';
import { replyWorld, tokenOf } from '../support/reply-world.ts';

const lines: string[] = [];
const world = await replyWorld({}, { log: (line) => void lines.push(line) });
const atomic = world.deps.atomic;

describe("an answer posted through the link and that POST's link activity", async () => {
  it('are written in one atomic unit, the activity first (so the answer webhook reads firstOpenedAt)', async () => {
    const request = await world.createRequest();
    const units: string[][] = [];
    world.deps.atomic = (writes) => {
      units.push(writes.map((write) => write.sql));
      return atomic(writes);
    };
    try {
      expect((await world.sendForm(request.replyPath, { outcome: 'not_found' })).status).toBe(200);
    } finally {
      world.deps.atomic = atomic;
    }
    expect(units).toHaveLength(1);
    const [unit] = units as [string[]];
    const activity = unit.findIndex((sql) => sql.startsWith('insert into "link_activity"'));
    const answer = unit.findIndex((sql) => sql.startsWith('insert into "request_answers"'));
    expect(activity).toBe(0);
    expect(answer).toBeGreaterThan(activity);
    expect(await world.appView(request.id)).toMatchObject({ status: 'answered', firstOpenedAt: expect.any(String) });
  });

  it('when that unit fails for the activity, the answer is written alone and the failure logged without the token', async () => {
    const request = await world.createRequest();
    const token = tokenOf(request.replyPath);
    world.deps.atomic = (writes) =>
      writes.some((write) => write.sql.includes('link_activity')) ? Promise.reject(Object.assign(new Error(`refused for /reply/${token}`), { code: 'SQLITE_BUSY' })) : atomic(writes);
    try {
      expect((await world.sendForm(request.replyPath, { outcome: 'not_found' })).status).toBe(200);
    } finally {
      world.deps.atomic = atomic;
    }
    expect(await world.appView(request.id)).toMatchObject({ status: 'answered', firstOpenedAt: null });
    expect(lines).toContainEqual(`link activity not recorded for request ${request.id}: Error SQLITE_BUSY`);
    expect(lines.join('\n')).not.toContain(token);
  });
});
