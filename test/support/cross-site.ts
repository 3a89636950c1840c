/** What a browser adds to a request another site's page starts (a form, or `fetch` with `mode: 'no-cors'`). */
export const CROSS_SITE = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };

/**
 * The bodies a cross-site post can arrive with, each with its Content-Type (or none): a plain HTML form
 * is not the only way in, and an action that reads no body does not care what it is.
 */
export function crossSiteBodies(fields: Record<string, string>): [string, { headers: Record<string, string>; body: BodyInit }][] {
  const urlencoded = new URLSearchParams(fields).toString();
  const multipart = new FormData();
  for (const [name, value] of Object.entries(fields)) multipart.append(name, value);
  return [
    ['application/json', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) }],
    // A byte body gets no Content-Type from fetch; a string one would be labelled text/plain.
    ['no Content-Type', { headers: {}, body: new TextEncoder().encode(urlencoded) }],
    ['multipart/form-data', { headers: {}, body: multipart }],
    ['text/plain', { headers: { 'content-type': 'text/plain' }, body: urlencoded }],
    ['application/x-www-form-urlencoded', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: urlencoded }],
  ];
}
