import type { Hono } from 'hono';
import { ReplyConfirmation } from '../../views/reply/confirmation.tsx';
import { ReplyForm } from '../../views/reply/form.tsx';
import type { Config } from '../../src/config.ts';
import { copyFor } from '../../src/copy/index.ts';
import { fewerAnswersBesides, insertAnswer } from '../../src/db/answers.ts';
import { preparedStatements } from '../../src/db/prepared.ts';
import { acceptsAnswers, allOf, appendHistory, recordOutcome } from '../../src/db/requests.ts';
import { announced } from '../../src/db/webhook-messages.ts';
import { randomIds } from '../../src/ids.ts';
import { verifyReplyToken } from '../../src/links/reply-token.ts';
import type { OutcomeType } from '../../src/outcome.ts';
import { customerDetails } from '../../src/providers/identifiers.ts';
import type { Provider } from '../../src/providers/provider.ts';
import { MAX_PROVIDER_ANSWERS } from '../../src/requests/record-answer.ts';
import type { FloorStore } from './store.ts';

interface RequestRow {
  id: string;
  reference: string;
  customer: string;
  created_at: string;
}

/**
 * The reply link's floors: the token verified, then the form's two reads (the request, its latest
 * answer) and the page; or the answer's guarded rows in the service's SQL, as one transaction, and the
 * confirmation page (one read for the request it describes). The provider is read once at start.
 */
export function replyFloors(app: Hono, store: FloorStore, config: Config, provider: Provider): void {
  const { sqlite } = store;
  const request = sqlite.prepare<[string], RequestRow>('SELECT * FROM cancellation_requests WHERE id = ?');
  const latestAnswer = sqlite.prepare<[string], { outcome: OutcomeType; date: string | null; at: string; actor: string; number: number }>(
    'SELECT * FROM request_answers WHERE request_id = ? ORDER BY number DESC LIMIT 1',
  );
  const copy = copyFor(provider.locale);
  const page = (row: RequestRow) => ({
    reference: row.reference,
    requestedOn: row.created_at.slice(0, 10),
    providerName: provider.name,
    locale: provider.locale,
    copy,
    identifiers: customerDetails(provider.identifiers, JSON.parse(row.customer), provider.locale),
  });

  app.get('/reply/:token', async (c) => {
    const claims = await verifyReplyToken(config.tokenKeys, c.req.param('token'), new Date());
    if (!claims.ok) return c.text('invalid', 401);
    const row = request.get(claims.requestId)!;
    const latest = latestAnswer.get(row.id);
    const answer = latest ? { outcome: latest.outcome, date: latest.date, at: latest.at, bySupport: false } : null;
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
    const answerId = randomIds.id('an');
    const [inserted] = store.transaction(
      writes(store.db, {
        requestId: claims.requestId, linkId: claims.linkId, answerId, at, outcome, date,
        outcomeJson: JSON.stringify({ type: outcome, accessUntil: date }), messageId: randomIds.id('msg'), historyId: randomIds.id('ev'),
        detail: JSON.stringify({ answer: answerId, outcome }),
      }),
    );
    if (!inserted) return c.text('refused', 409);
    return c.html(<ReplyConfirmation request={page(request.get(claims.requestId)!)} answer={{ outcome, date }} formPath={c.req.path} />);
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
