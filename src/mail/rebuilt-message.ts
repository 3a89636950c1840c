/** What Resend tells about a received email when it offers no raw message. */
export interface ReceivedEmailParts {
  from: string;
  to: string[];
  cc: string[] | null;
  subject: string;
  message_id: string;
  created_at: string;
  headers: Record<string, string> | null;
  text: string | null;
  html: string | null;
}

/** Cannot occur in base64 (no `_`, no `=` mid-line), so no body line is ever taken for a boundary. */
const BOUNDARY = '=_canceldesk_rebuilt';
/** The body is written anew below, so the original's description of it would lie. */
const BODY_HEADERS = /^(content-|mime-version$)/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/**
 * An RFC 822 message rebuilt from a received email's headers, text and HTML, so the same reader takes
 * it as it takes a raw one. Deterministic (no random boundary, no clock): the same email rebuilt twice
 * gives the same bytes, so its fingerprint stores it once. Header values keep their UTF-8 (RFC 6532);
 * line breaks in them are unfolded, so no value can add a header of its own.
 */
export function rebuildMessage(parts: ReceivedEmailParts): Uint8Array<ArrayBuffer> {
  const headers = Object.entries(parts.headers ?? {}).filter(([name]) => HEADER_NAME.test(name) && !BODY_HEADERS.test(name));
  const has = (name: string) => headers.some(([given]) => given.toLowerCase() === name.toLowerCase());
  const fallbacks: [string, string | undefined][] = [
    ['From', parts.from],
    ['To', parts.to.join(', ')],
    ['Cc', parts.cc?.join(', ')],
    ['Subject', parts.subject],
    ['Date', dateHeader(parts.created_at)],
    ['Message-ID', parts.message_id ? bracketedOnce(parts.message_id) : undefined],
  ];
  for (const [name, value] of fallbacks) if (value && !has(name)) headers.push([name, value]);

  const lines = [...headers.map(([name, value]) => `${name}: ${oneLine(value)}`), 'MIME-Version: 1.0', ...body(parts.text, parts.html)];
  // A fresh buffer each time (Workers' types only say ArrayBufferLike).
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) as Uint8Array<ArrayBuffer>;
}

function body(text: string | null, html: string | null): string[] {
  const bodies = [text !== null ? part('text/plain', text) : null, html !== null ? part('text/html', html) : null].filter((p) => p !== null);
  if (bodies.length === 0) return [...part('text/plain', '')];
  if (bodies.length === 1) return bodies[0]!;
  return [
    `Content-Type: multipart/alternative; boundary="${BOUNDARY}"`,
    '',
    ...bodies.flatMap((p) => [`--${BOUNDARY}`, ...p]),
    `--${BOUNDARY}--`,
  ];
}

/** One part's headers, a blank line and its base64 body (safe for any bytes, in 76-character lines). */
function part(type: string, content: string): string[] {
  const base64 = base64Of(new TextEncoder().encode(content));
  return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', ...(base64.match(/.{1,76}/g) ?? [])];
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and arguments are limited.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const oneLine = (value: string) => value.replace(/[\r\n]+[ \t]*/g, ' ');
const bracketedOnce = (id: string) => (id.startsWith('<') ? id : `<${id}>`);

function dateHeader(iso: string): string | undefined {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? undefined : at.toUTCString();
}
