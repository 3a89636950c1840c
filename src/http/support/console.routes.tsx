import { type Context, Hono } from 'hono';
import { ConsoleRequestPage } from '../../../views/support/request-detail.tsx';
import { ConsoleRequestList } from '../../../views/support/request-list.tsx';
import { REQUEST_STATUSES } from '../../request-status.ts';
import type { Deps } from '../../deps.ts';
import { readReference } from '../../ids.ts';
import { OUTCOMES } from '../../outcome.ts';
import { answerOnBehalf, closeForAnswers, reissueLink, resendEmail, type SupportActionResult } from '../../support/request-actions.ts';
import { supportActorName } from '../../requests/record-answer.ts';
import { providerIds } from '../../requests/providers.ts';
import { listForSupport, openRequestForSupport } from '../../support/request-view.ts';
import { fieldErrors } from '../../validation.ts';
import { type PageEnv, pageHeaders, readForm } from '../pages.ts';
import { supportFormChecks } from './login.routes.tsx';
import { supportListQuery, toSupportFilter } from './filters.ts';
import { type SupportEnv, supportCookieAuth } from './session.ts';

type ConsoleEnv = { Variables: SupportEnv['Variables'] & PageEnv['Variables'] };

const NOTICES: Record<string, string> = {
  resent: 'The email was queued again with the current link.',
  reissued: 'A new link was queued; earlier links no longer work.',
  closed: 'The request is closed to further answers.',
  answered: 'The outcome was recorded as entered by support.',
};

/**
 * The support console, mounted at `/support` after the login routes: the list, one request with its
 * free text (each view written to the history), and the actions. Every page needs a session.
 */
export function supportConsoleRoutes(deps: Deps) {
  const app = new Hono<ConsoleEnv>();
  const signedIn = supportCookieAuth<ConsoleEnv>(deps);
  for (const path of ['/', '/requests/*']) {
    // The form checks let safe methods through untouched; POSTs must pass them.
    app.use(path, ...pageHeaders<ConsoleEnv>(), signedIn, ...supportFormChecks<ConsoleEnv>(deps.config.publicUrl));
  }
  const actor = (c: Context<ConsoleEnv>) => ({ accountId: c.var.supporter.id });

  app.get('/', async (c) => {
    const parsed = supportListQuery.safeParse(withoutEmptySearch(c.req.query()));
    const query = parsed.success ? parsed.data : {};
    const listed = await listForSupport(deps, toSupportFilter(query, deps.clock.now()), query.cursor, query.limit ?? 50);
    const page = listed.kind === 'page' ? listed.page : null;
    // A reference names one request, so its search goes straight there (unless the filters exclude it).
    const found = query.q && readReference(query.q) && page?.data.length === 1 ? page.data[0] : undefined;
    if (found) return c.redirect(`/support/requests/${encodeURIComponent(found.id)}`, 303);
    const invalid = !parsed.success || !page;
    const rows = page ? page.data : [];
    const next = page?.nextCursor ? nextPageQuery(c.req.query(), page.nextCursor) : null;
    return c.html(
      <ConsoleRequestList
        supporter={c.var.supporter.email}
        rows={rows}
        filters={query}
        statuses={REQUEST_STATUSES}
        outcomes={OUTCOMES}
        providers={await providerIds(deps)}
        nextPage={next}
        error={invalid ? `Some filters were not understood: ${parsed.success ? 'cursor' : Object.keys(fieldErrors(parsed.error)).join(', ')}` : undefined}
        nonce={c.var.secureHeadersNonce}
      />,
      invalid ? 400 : 200,
    );
  });

  app.get('/requests/:id', async (c) => {
    const done = c.req.query('done') ?? '';
    return showRequest(c, Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined);
  });

  const act = (path: string, done: string, run: (id: string, c: Context<ConsoleEnv>) => Promise<SupportActionResult>) =>
    app.post(`/requests/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      const result = await run(id, c);
      if (result.kind === 'done') return c.redirect(`/support/requests/${encodeURIComponent(id)}?done=${done}`, 303);
      if (result.kind === 'not_found') return c.text('No such request', 404);
      if (result.kind === 'refused') return showRequest(c, `Not done: ${result.reason}.`, 409);
      return showRequest(c, undefined, 422, { errors: result.fields, values: await formValues(c) });
    });
  act('resend', 'resent', (id, c) => resendEmail(deps, id, actor(c)));
  act('reissue-link', 'reissued', (id, c) => reissueLink(deps, id, actor(c)));
  act('close', 'closed', (id, c) => closeForAnswers(deps, id, actor(c)));
  act('answers', 'answered', async (id, c) => {
    const form = await formValues(c);
    return answerOnBehalf(deps, id, { outcome: form.outcome, dates: form.date ? [form.date] : [], message: form.message, note: form.note }, actor(c));
  });

  async function showRequest(
    c: Context<ConsoleEnv>,
    notice?: string,
    status: 200 | 409 | 422 = 200,
    answer?: { errors: Record<string, string>; values: Record<string, string> },
  ) {
    const request = await openRequestForSupport(deps, c.req.param('id') ?? '', supportActorName(actor(c)));
    if (!request) return c.text('No such request', 404);
    return c.html(
      <ConsoleRequestPage supporter={c.var.supporter.email} request={request} notice={notice} answer={answer} nonce={c.var.secureHeadersNonce} />,
      status,
    );
  }
  return app;
}

/** The posted form's first value per field; an unreadable body reads as empty (and fails validation). */
export async function formValues(c: Context): Promise<Record<string, string>> {
  const form = (await readForm(c)) ?? {};
  return Object.fromEntries(Object.entries(form).flatMap(([name, values]) => (values[0] === undefined ? [] : [[name, values[0]]])));
}

/** The search box sent empty (the list form always sends it) means no search, like an "any" select. */
function withoutEmptySearch(query: Record<string, string>): Record<string, string> {
  const { q, ...rest } = query;
  return q === undefined || q.trim() === '' ? rest : query;
}

function nextPageQuery(current: Record<string, string>, cursor: string): string {
  const params = new URLSearchParams({ ...current, cursor });
  return params.toString();
}
