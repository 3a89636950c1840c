import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { createApp } from '../../../src/app.ts';
import { openNodeRuntime } from '../../../src/node.ts';

/** The client's types, from the document the service serves: `npm run client:types` writes them, a test compares. */

export const TYPES_FILE = fileURLToPath(new URL('../src/openapi.ts', import.meta.url));
export const REGENERATE_COMMAND = 'npm run client:types';

/**
 * /api/v1/openapi.json as a fresh service serves it (no ADMIN_TOKEN, so no operator API), with the
 * paths an app calls only: what support and the operator use is no part of the package.
 */
export async function servedAppDocument(): Promise<OpenAPI3> {
  const dir = mkdtempSync(join(tmpdir(), 'canceldesk-client-types-'));
  const runtime = openNodeRuntime({ NODE_ENV: 'test', DATABASE_URL: `file:${join(dir, 'document.db')}`, PUBLIC_URL: 'https://canceldesk.test' }, () => {});
  try {
    const response = await createApp(runtime.deps).request('/api/v1/openapi.json');
    type Operations = Record<string, Record<string, { tags?: string[] }>>;
    const document = (await response.json()) as OpenAPI3 & { paths: Operations; webhooks?: Operations };
    const forApps = (entries: Operations = {}) => Object.fromEntries(Object.entries(entries).filter(([, operations]) => Object.values(operations).every((operation) => operation.tags?.includes('app'))));
    // The providers' own API and webhooks are tagged `provider`: no part of an app's package.
    const appDocument = { ...document, paths: forApps(document.paths), webhooks: forApps(document.webhooks) };
    const schemas = document.components?.schemas ?? {};
    const used = referencedSchemas({ paths: appDocument.paths, webhooks: appDocument.webhooks }, schemas);
    return { ...appDocument, components: { ...document.components, schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))) } };
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The names of the component schemas `root` refers to, directly or through one another. */
function referencedSchemas(root: unknown, schemas: Record<string, unknown>): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    const name = typeof ref === 'string' ? ref.match(/^#\/components\/schemas\/(.+)$/)?.[1] : undefined;
    if (name && !found.has(name)) {
      found.add(name);
      visit(schemas[name]);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(root);
  return found;
}

/** The TypeScript openapi-typescript writes for the document, under a header naming the command. */
export async function openapiTypes(document: OpenAPI3): Promise<string> {
  const header = `${COMMENT_HEADER}// Generated from GET /api/v1/openapi.json by \`${REGENERATE_COMMAND}\`; do not edit.\n\n`;
  return header + astToString(await openapiTS(document));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TYPES_FILE, await openapiTypes(await servedAppDocument()));
  console.log(`wrote ${TYPES_FILE}`);
}
