import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/processes.ts';

// The core runs on Node and on Workers because only the two entry files touch a runtime: better-sqlite3,
// @hono/node-server, kysely-d1, undici and DNS (the webhook address guard) and the process environment stay there.

// src/node-http.ts is the Node entry's HTTP server, apart so that only `serve` loads it.
const ENTRIES = new Set(['src/node.ts', 'src/node-http.ts', 'src/worker.ts']);
const RUNTIME_ONLY = [/from ['"]better-sqlite3['"]/, /from ['"]@hono\/node-server/, /from ['"]kysely-d1['"]/, /from ['"]undici['"]/, /from ['"]node:dns['"]/, /\bprocess\.env\b/];

/** The use cases: the domain's decisions, which call repositories and guards by name. */
const USE_CASES = ['src/requests', 'src/outbox', 'src/lifecycle', 'src/support', 'src/clients', 'src/operator', 'src/webhooks', 'src/email-replies', 'src/link-activity', 'src/provider-inbox', 'src/stats'];
const ROUTES = ['src/http'];

/** Files that may break a layering rule for now, each with its reason. */
const NOT_YET: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [relative(REPO_ROOT, path)] : [];
  });
}

/** A file's code without its comments: comments may name anything; code may not. */
const codeOf = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

/** What a file imports (or re-exports), as written: `kysely`, `../db/requests.ts`, … */
const importsOf = (file: string) => [...codeOf(file).matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!);

/** An import resolved against the repository, when it is a relative path: `src/db/requests.ts`. */
const resolved = (file: string, specifier: string) => (specifier.startsWith('.') ? relative(REPO_ROOT, join(REPO_ROOT, dirname(file), specifier)) : specifier);

const filesUnder = (dirs: string[]) => dirs.flatMap((dir) => sourceFiles(join(REPO_ROOT, dir))).filter((file) => !(file in NOT_YET));

describe('the runtime-agnostic core', () => {
  it('leaves better-sqlite3, @hono/node-server, kysely-d1, undici, node:dns and process.env to the entries (src/node.ts with src/node-http.ts, src/worker.ts)', () => {
    const offenders = sourceFiles(join(REPO_ROOT, 'src'))
      .filter((file) => !ENTRIES.has(file))
      .flatMap((file) => RUNTIME_ONLY.filter((pattern) => pattern.test(codeOf(file))).map((pattern) => `${file}: ${pattern}`));
    expect(offenders).toEqual([]);
  });
});

/** Where a file keeps SQL outside src/db: a kysely import, a sql`…` fragment. */
const sqlIn = (file: string) => [
  ...importsOf(file)
    .filter((specifier) => specifier === 'kysely' || specifier.startsWith('kysely/'))
    .map(() => `${file}: imports kysely`),
  ...(/\bsql\s*(?:<[^>]*>\s*)?`/.test(codeOf(file)) ? [`${file}: holds a sql\`…\` fragment`] : []),
];

/** Where a file reaches into src/db. */
const dbImportsOf = (file: string) =>
  importsOf(file)
    .filter((specifier) => resolved(file, specifier).startsWith('src/db/'))
    .map((specifier) => `${file}: imports ${specifier}`);

describe('the layers', () => {
  it('keep SQL in src/db: use cases and routes import nothing from kysely and hold no sql`…` fragment', () => {
    expect(filesUnder([...USE_CASES, ...ROUTES]).flatMap(sqlIn)).toEqual([]);
  });

  it('have routes call use cases, never src/db', () => {
    expect(filesUnder(ROUTES).flatMap(dbImportsOf)).toEqual([]);
  });

  it("hold no database connection over an await: no Kysely transaction, db.connection() or .stream() (prepared reads on Node skip Kysely's connection lock)", () => {
    // better-sqlite3's own `sqlite.transaction(fn)` takes a function and runs synchronously: not matched.
    const held = sourceFiles(join(REPO_ROOT, 'src')).filter((file) => /\.\s*(?:(?:transaction|startTransaction|connection)\s*\(\s*\)|stream\s*\()/.test(codeOf(file)));
    expect(held).toEqual([]);
  });

  it('list as exceptions only files that still break a rule (a fixed one leaves the list)', () => {
    for (const file of Object.keys(NOT_YET)) expect([...sqlIn(file), ...dbImportsOf(file)], file).not.toEqual([]);
  });
});
