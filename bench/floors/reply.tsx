import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { ReplyConfirmation } from '../../views/reply/confirmation.tsx';
import { ReplyForm } from '../../views/reply/form.tsx';
import type { Config } from '../../src/config.ts';
import { copyFor } from '../../src/copy/index.ts';
import { fewerAnswersBesides, insertAnswer } from '../../src/db/answers.ts';
import { preparedStatements } from '../../src/db/prepared.ts';
import { replyLinkQuery, type ReplyLinkRow } from '../../src/db/reply-link.ts';
import { acceptsAnswers, allOf, appendHistory, recordOutcome } from '../../src/db/requests.ts';
import { announced } from '../../src/db/webhook-messages.ts';
import { randomIds } from '../../src/ids.ts';
import { linkVisitOf } from '../../src/http/link-visit.ts';
import { linkActivityWrites } from '../../src/link-activity/record.ts';
import { systemClock } from '../../src/clock.ts';
import { verifyReplyToken } from '../../src/links/reply-token.ts';
import type { OutcomeType } from '../../src/outcome.ts';
import { customerDetails } from '../../src/providers/identifiers.ts';
import type { Provider } from '../../src/providers/provider.ts';
import { MAX_PROVIDER_ANSWERS } from '../../src/requests/record-answer.ts';
import type { FloorStore } from './store.ts';

/**
 * The reply link's floors. GET: the token verified, the service's one read (the request with its latest
 * answer and link activity's context), this fetch recorded as link activity (the service's own capped
 * insert: every fetch of a link is kept, SPEC §4), and the page. POST: the token verified, the same
 * read, the fetch and the answer's guarded rows in the service's SQL as one transaction, and the
 * confirmation page. The provider is read once at start.
 */
export function replyFloors(app: Hono, store: FloorStore, config: Config, provider: Provider): void {
  const linkRead = preparedStatements((db, v: { id: string; at: string }) => [replyLinkQuery(db, v).compile()]);
  const readLink = (id: string, at: string) => store.read<ReplyLinkRow>(linkRead(store.db, { id, at })[0]!);
  // The address as the service's Node entry reads it (src/node.ts).
  const deps = { db: store.db, clock: systemClock, config, ids: randomIds, clientAddress: (c: Context) => getConnInfo(c).remote.address };
  const copy = copyFor(provider.locale);
  const page = (row: ReplyLinkRow) => ({
    reference: row.reference,
    requestedOn: row.created_at.slice(0, 10),
    providerName: provider.name,
    locale: provider.locale,
    copy,
    identifiers: customerDetails(provider.identifiers, JSON.parse(row.customer ?? '{}'), provider.locale),
  });
  /** This fetch's link-activity statements, as the service writes them. */
  const fetchWrites = async (c: Context, row: ReplyLinkRow, at: string) => {
    const context = { deliveredAt: row.delivered_at ?? null, previousFetchAt: row.previous_fetch_at ?? null, firstOpenedAt: row.first_opened_at };
    return (await linkActivityWrites(deps, row.id, linkVisitOf(c, deps, 'reply'), { at, context })).writes;
  };

  app.get('/reply/:token', async (c) => {
    const claims = await verifyReplyToken(config.tokenKeys, c.req.param('token'), new Date());
    if (!claims.ok) return c.text('invalid', 401);
    const at = new Date().toISOString();
    const row = readLink(claims.requestId, at)!;
    store.transaction(await fetchWrites(c, row, at));
    const answer = row.answer_outcome && row.answer_at ? { outcome: row.answer_outcome, date: row.answer_date, at: row.answer_at, bySupport: false } : null;
    return c.html(<ReplyForm request={{ ...page(row), latest: answer }} />);
  });

  const writes = answerWrites();
  app.post('/reply/:token', async (c) => {
    const claims = await verifyReplyToken(config.tokenKeys, c.req.param('token'), new Date());
    if (!claims.ok) return c.text('invalid', 401);
    const form = await c.req.parseBody();
    const outcome = String(form.outcome) as 'cancelled';
    const date = String(form.date);
    const at = new Date().toISOString();
    const row = readLink(claims.requestId, at)!;
    const fetch = await fetchWrites(c, row, at);
    const answerId = randomIds.id('an');
    const changes = store.transaction([
      ...fetch,
      ...writes(store.db, {
        requestId: claims.requestId, linkId: claims.linkId, answerId, at, outcome, date,
        outcomeJson: JSON.stringify({ type: outcome, accessUntil: date }), messageId: randomIds.id('msg'), historyId: randomIds.id('ev'),
        detail: JSON.stringify({ answer: answerId, outcome }),
      }),
    ]);
    if (!changes[fetch.length]) return c.text('refused', 409);
    return c.html(<ReplyConfirmation request={page(row)} answer={{ outcome, date }} formPath={c.req.path} />);
  });
}

/** A provider's answer through its link, as recordAnswer writes it (src/requests/record-answer.ts). */
function answerWrites() {
  return preparedStatements((db, v: Record<'requestId' | 'linkId' | 'answerId' | 'at' | 'outcome' | 'date' | 'outcomeJson' | 'messageId' | 'historyId' | 'detail', string>) => {
    const onlyIf = allOf(acceptsAnswers(v.requestId, v.linkId), fewerAnswersBesides(v.requestId, v.answerId, MAX_PROVIDER_ANSWERS));
    const stored = { id: v.answerId, request_id: v.requestId, at: v.at, actor: 'provider', outcome: v.outcome as OutcomeType, date: v.date, message: null, note: null };
    return [
      insertAnswer(db, stored, onlyIf),
      ...announced(db, recordOutcome(db, v.requestId, { json: v.outcomeJson, answeredAt: v.at, followUpFrom: null }, onlyIf), {
        id: v.messageId,
        event: 'answer',
        answerId: v.answerId,
        at: v.at,
      }),
      appendHistory(db, { id: v.historyId, request_id: v.requestId, at: v.at, actor: 'provider', event: 'answered', detail: v.detail }, onlyIf),
    ];
  });
}
