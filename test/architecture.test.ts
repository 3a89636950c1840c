import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/processes.ts';

// The core runs on Node and on Workers because only the two entry files touch a runtime: better-sqlite3,
// @hono/node-server, kysely-d1, undici and DNS (the webhook address guard) and the process environment stay there.

const ENTRIES = new Set(['src/node.ts', 'src/worker.ts']);
const RUNTIME_ONLY = [/from ['"]better-sqlite3['"]/, /from ['"]@hono\/node-server/, /from ['"]kysely-d1['"]/, /from ['"]undici['"]/, /from ['"]node:dns['"]/, /\bprocess\.env\b/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [relative(REPO_ROOT, path)] : [];
  });
}

describe('the runtime-agnostic core', () => {
  it('leaves better-sqlite3, @hono/node-server, kysely-d1, undici, node:dns and process.env to src/node.ts and src/worker.ts', () => {
    const offenders = sourceFiles(join(REPO_ROOT, 'src'))
      .filter((file) => !ENTRIES.has(file))
      .flatMap((file) => {
        // Comments may name them; code may not.
        const code = readFileSync(join(REPO_ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        return RUNTIME_ONLY.filter((pattern) => pattern.test(code)).map((pattern) => `${file}: ${pattern}`);
      });
    expect(offenders).toEqual([]);
  });
});
