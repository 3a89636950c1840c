import type { SupportRequest } from '../support/request-view.ts';

/** `requests show` without --json: the support view as lines an operator reads top to bottom. */
export function requestReport(request: SupportRequest): string[] {
  const lines = [
    `${request.caseReference}  ${request.id}`,
    `  status     ${request.status}${request.closedAt ? ` (closed ${request.closedAt})` : ''}`,
    `  provider   ${request.provider.name} (${request.provider.id})`,
    `  app        ${request.clientId}${request.reference ? ` (its reference ${request.reference})` : ''}`,
    `  created    ${request.createdAt}`,
    `  updated    ${request.updatedAt}`,
    '',
    'Customer',
    ...(request.identifiers.length === 0
      ? ['  (erased)']
      : request.identifiers.map((i) => `  ${i.label}: ${i.value.replaceAll('\n', ', ')}`)),
    '',
    'Answers',
    ...(request.answers.length === 0 ? ['  (none yet)'] : []),
  ];
  for (const a of request.answers) {
    lines.push(`  #${a.number}  ${a.at}  ${a.by}  ${a.outcome}${a.date ? ` ${a.date}` : ''}`);
    if (a.message !== null) lines.push(...indent('message: ', a.message));
    if (a.note !== null) lines.push(...indent('note: ', a.note));
  }
  lines.push('', 'Email replies', ...(request.emailReplies.length === 0 ? ['  (none)'] : []));
  for (const r of request.emailReplies) {
    const suggested = r.suggestion ? `  suggested ${r.suggestion.outcome}${r.suggestion.date ? ` ${r.suggestion.date}` : ''}` : '';
    const state = r.state === 'handled' ? `handled (${r.resolution ?? 'handled'})` : 'open';
    lines.push(`  ${r.id}  ${r.receivedAt}  ${r.kind}  ${state}  from ${r.from.address ?? '(no sender)'}${suggested}`);
    lines.push(...indent('subject: ', r.subject));
    if (r.visibleText !== '') lines.push(...indent('text: ', r.visibleText));
  }
  lines.push('', 'Emails');
  for (const e of request.emails) {
    lines.push(`  ${e.createdAt}  ${e.status}  attempts ${e.attempts}  to ${e.to.join(', ')}${e.lastError ? `  last error: ${e.lastError}` : ''}`);
  }
  lines.push('', 'History');
  for (const h of request.history) {
    lines.push(`  ${h.at}  ${h.actor}  ${h.event}${h.detail === null ? '' : `  ${JSON.stringify(h.detail)}`}`);
  }
  return lines;
}

/** Free text keeps its own lines, indented under its label, so it can never pass for a line of ours. */
const indent = (label: string, text: string): string[] =>
  text.split('\n').map((line, i) => `      ${i === 0 ? label : ' '.repeat(label.length)}${line}`);
