import { createReadStream } from 'node:fs';
import { RECEIVED_EMAIL_LIMITS } from '../email-replies/received-email.ts';
import type { Reception } from '../email-replies/receive.ts';
import { CliError, type StandardInput } from './output.ts';

/**
 * The raw message from FILE or standard input. At most one byte past the size limit is read, so a huge
 * input costs no memory and the use case still refuses it as over-size (with its own words).
 */
export async function receivedMessage(file: string | undefined, stdin: StandardInput | undefined): Promise<Uint8Array<ArrayBuffer>> {
  const limit = RECEIVED_EMAIL_LIMITS.maxRawBytes + 1;
  if (file !== undefined) {
    try {
      return await readAtMost(createReadStream(file, { end: limit - 1 }), limit);
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!stdin || stdin.isTTY) throw new CliError('inbound receive needs a FILE, or the message piped to standard input');
  return readAtMost(stdin, limit);
}

async function readAtMost(stream: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk.subarray(0, limit - size));
    size += chunks.at(-1)!.byteLength;
    if (size >= limit) break;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** One line on what became of the message; never its words or addresses. */
export function receivedLine(result: Exclude<Reception, { kind: 'refused' }>): string {
  const { reply } = result;
  const what = `${reply.id} (${reply.kind.replace('_', '-')})`;
  const matched = reply.requestId ? `for request ${reply.requestId}, matched by ${reply.matchedBy}` : 'matching no request: kept for support to assign';
  const suggestion = reply.suggestion ? `; suggests ${reply.suggestion.outcome}${'date' in reply.suggestion ? ` ${reply.suggestion.date}` : ''}` : '';
  return `${result.kind === 'stored' ? 'stored' : 'already received as'} ${what} ${matched}${suggestion}`;
}
