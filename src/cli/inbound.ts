import { createReadStream } from 'node:fs';
import { RECEIVED_EMAIL_LIMITS } from '../email-replies/received-email.ts';
import type { Reception } from '../email-replies/receive.ts';
import { type CappedBytes, readCappedBytes } from '../mail/capped-bytes.ts';
import { CliError, type StandardInput } from './output.ts';

/**
 * The raw message from FILE or standard input, read up to the size limit and no further: a huge input
 * costs no memory and is refused in the use case's own words.
 */
export async function receivedMessage(file: string | undefined, stdin: StandardInput | undefined): Promise<CappedBytes> {
  const { maxRawBytes } = RECEIVED_EMAIL_LIMITS;
  if (file !== undefined) {
    try {
      // `end` is inclusive: one byte past the limit is enough to know the file is over it.
      return await readCappedBytes(createReadStream(file, { end: maxRawBytes }), maxRawBytes);
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!stdin || stdin.isTTY) throw new CliError('inbound receive needs a FILE, or the message piped to standard input');
  return readCappedBytes(stdin, maxRawBytes);
}

/** One line on what became of the message; never its words or addresses. */
export function receivedLine(result: Exclude<Reception, { kind: 'refused' }>): string {
  const { reply } = result;
  const what = `${reply.id} (${reply.kind.replace('_', '-')})`;
  const matched = reply.requestId ? `for request ${reply.requestId}, matched by ${reply.matchedBy}` : 'matching no request: kept for support to assign';
  const suggestion = reply.suggestion ? `; suggests ${reply.suggestion.outcome}${'date' in reply.suggestion ? ` ${reply.suggestion.date}` : ''}` : '';
  return `${result.kind === 'stored' ? 'stored' : 'already received as'} ${what} ${matched}${suggestion}`;
}
