/**
 * User agents that are programs, not a person's browser: mail security scanners that follow every link
 * of an incoming email, headless browsers they drive, and HTTP libraries. Matched anywhere in the
 * User-Agent header, case-insensitively. Sources for each are in docs/link-activity.md; a scanner that
 * sends an ordinary browser's User-Agent is caught (if at all) by the other signals, not here.
 */
export type AgentReason = 'scanner_agent' | 'headless_browser' | 'http_library';

export const AUTOMATED_AGENTS: readonly { name: string; pattern: RegExp; reason: AgentReason }[] = [
  // Mail security scanners (they fetch links on delivery, before anyone reads the email).
  { name: 'Microsoft Defender Safe Links (BingPreview)', pattern: /BingPreview/i, reason: 'scanner_agent' },
  { name: 'Google Safe Browsing (Google-Safety)', pattern: /Google-Safety/i, reason: 'scanner_agent' },
  { name: 'Proofpoint', pattern: /Proofpoint/i, reason: 'scanner_agent' },
  { name: 'Mimecast', pattern: /Mimecast/i, reason: 'scanner_agent' },
  { name: 'Barracuda', pattern: /Barracuda/i, reason: 'scanner_agent' },
  { name: 'Trend Micro', pattern: /Trend ?Micro/i, reason: 'scanner_agent' },
  { name: 'Symantec / Broadcom MessageLabs', pattern: /MessageLabs|Symantec/i, reason: 'scanner_agent' },
  // Headless browsers: what the scanners that render a page run.
  { name: 'Headless Chrome', pattern: /HeadlessChrome/i, reason: 'headless_browser' },
  { name: 'PhantomJS', pattern: /PhantomJS/i, reason: 'headless_browser' },
  // HTTP libraries and command-line tools: a program fetched the page, not a person.
  { name: 'curl', pattern: /^curl\//i, reason: 'http_library' },
  { name: 'Wget', pattern: /^Wget\//i, reason: 'http_library' },
  { name: 'python-requests', pattern: /python-requests|Python-urllib|aiohttp/i, reason: 'http_library' },
  { name: 'Go net/http', pattern: /Go-http-client/i, reason: 'http_library' },
  { name: 'OkHttp', pattern: /okhttp/i, reason: 'http_library' },
  { name: 'Node.js HTTP libraries', pattern: /axios\/|node-fetch|undici/i, reason: 'http_library' },
  { name: 'libwww-perl', pattern: /libwww-perl/i, reason: 'http_library' },
  { name: 'Java', pattern: /^Java\//i, reason: 'http_library' },
];

/** The reason a User-Agent names a program, or null for anything else (every browser included). */
export function automatedAgent(userAgent: string): AgentReason | null {
  return AUTOMATED_AGENTS.find((agent) => agent.pattern.test(userAgent))?.reason ?? null;
}
