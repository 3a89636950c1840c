import type { Attachment } from 'postal-mime';

// A Message-ID is `<left@right>`; kept without the brackets, at most 250 characters (RFC 5322's line
// limit leaves room for no more), so a hostile References header cannot smuggle in long strings.
const BRACKETED_ID = /<([^<>\s]{1,250})>/g;

/** The Message-IDs in an In-Reply-To or References header, in the order written, without brackets. */
export function messageIdsIn(header: string | undefined): string[] {
  if (!header) return [];
  return [...header.matchAll(BRACKETED_ID)].map((match) => match[1]!);
}


// A delivery report returns the original message or its headers as a part of one of these types.
const RETURNED_MESSAGE_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers', 'message/global', 'message/global-headers']);
// The returned headers come first; 64 KiB holds them for any real message and bounds the work.
const HEADER_SCAN_BYTES = 64 * 1024;
const MESSAGE_ID_HEADER = /^message-id:\s{0,20}<([^<>\s]{1,250})>/im;

/** The Message-IDs of the messages a delivery report sends back, read from their returned headers. */
export function returnedMessageIds(attachments: Attachment[]): string[] {
  const ids: string[] = [];
  for (const attachment of attachments) {
    if (!RETURNED_MESSAGE_TYPES.has(attachment.mimeType)) continue;
    const head = headerSection(attachment.content);
    const id = MESSAGE_ID_HEADER.exec(head)?.[1];
    if (id) ids.push(id);
  }
  return ids;
}

function headerSection(content: Attachment['content']): string {
  const bytes = typeof content === 'string' ? null : content instanceof ArrayBuffer ? new Uint8Array(content) : content;
  const text = bytes ? new TextDecoder().decode(bytes.subarray(0, HEADER_SCAN_BYTES)) : (content as string).slice(0, HEADER_SCAN_BYTES);
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}
