import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { serveOnLoopback } from '../support/loopback.ts';
import { REPO_ROOT } from '../support/processes.ts';
import { ACME_GYM, JANE, addClient, addProviders, testDeps } from '../support/test-deps.ts';

// The package as an app gets it: packed (its prepack builds it), installed from the tarball into an
// empty project with no network, imported by name, typechecked against its .d.ts, and calling a service.

const PACKAGE_DIR = join(REPO_ROOT, 'packages/client');
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  promisify(execFile)(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });

const dir = mkdtempSync(join(tmpdir(), 'canceldesk-client-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { deps, app } = await testDeps();
await addProviders(deps, ACME_GYM);
const service = await serveOnLoopback(app);
afterAll(() => service.close());

/**
 * The empty project's lockfile: the tarball, and each dependency's tarball at the registry with the
 * integrity the repository's lockfile pins. With every tarball named, `npm ci --offline` needs only
 * what `npm ci` in the repository put in npm's cache (tarballs, not the registry's package documents).
 */
function lockfileFor(tarball: string, registry: string) {
  const pinned = (JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; dependencies?: Record<string, string> }> }).packages;
  const { dependencies } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const packages: Record<string, object> = {
    '': { name: 'an-app', dependencies: { '@canceldesk/client': `file:${tarball}` } },
    'node_modules/@canceldesk/client': { version: '0.1.0', resolved: `file:${tarball}`, dependencies },
  };
  const pending = Object.keys(dependencies);
  for (let name = pending.pop(); name; name = pending.pop()) {
    const entry = pinned[`node_modules/${name}`]!;
    packages[`node_modules/${name}`] = { ...entry, resolved: `${registry.replace(/\/?$/, '/')}${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
    pending.push(...Object.keys(entry.dependencies ?? {}).filter((next) => !packages[`node_modules/${next}`]));
  }
  return { name: 'an-app', lockfileVersion: 3, requires: true, packages };
}

const APP = `
import { Canceldesk } from '@canceldesk/client';
const cd = new Canceldesk({ apiKey: process.env.CANCELDESK_API_KEY, baseUrl: process.env.CANCELDESK_URL });
const provider = await cd.providers.get('acme-gym');
const created = await cd.requests.create({ provider: 'acme-gym', customer: JSON.parse(process.env.CUSTOMER) });
const read = await cd.requests.get(created.data.id);
const missing = await cd.requests.get('cr_nope');
console.log(JSON.stringify({ provider: provider.data.name, created: created.data.status, read: read.data.id === created.data.id, missing: missing.error.code }));
`;

// Typechecked against the installed .d.ts: a wrong field or an unchecked error is a compile error.
const TYPED_APP = `
import { Canceldesk, verifyWebhook, type CancellationRequest, type WebhookEvent } from '@canceldesk/client';
const cd = new Canceldesk({ apiKey: 'key', baseUrl: 'https://cancel.example.com' });
export async function statusOf(id: string): Promise<CancellationRequest['status'] | string> {
  const { data, error } = await cd.requests.get(id);
  if (error) return error.code;
  return data.status;
}
export function eventType(payload: string): WebhookEvent['type'] | null {
  return verifyWebhook({ payload, headers: {}, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).data?.type ?? null;
}
`;

it('packs, installs from the tarball offline into an empty project, and calls a running service by the package name', async () => {
  await run('npm', ['pack', '--pack-destination', dir], PACKAGE_DIR);
  const [tarball] = readdirSync(dir).filter((file) => file.endsWith('.tgz'));
  expect(tarball).toBe('canceldesk-client-0.1.0.tgz');

  const project = join(dir, 'an-app');
  mkdirSync(project);
  const registry = (await run('npm', ['config', 'get', 'registry'], project)).stdout.trim();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'an-app', private: true, type: 'module', dependencies: { '@canceldesk/client': `file:../${tarball}` } }));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lockfileFor(`../${tarball}`, registry)));
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  expect(readdirSync(join(project, 'node_modules/@canceldesk/client')).sort()).toEqual(['dist', 'package.json']);

  writeFileSync(join(project, 'app.js'), APP);
  const { apiKey } = await addClient(deps);
  const env = { PATH: process.env.PATH, CANCELDESK_URL: `http://127.0.0.1:${service.port}`, CANCELDESK_API_KEY: apiKey, CUSTOMER: JSON.stringify(JANE) };
  const { stdout } = await run(process.execPath, ['app.js'], project, env);
  expect(JSON.parse(stdout)).toEqual({ provider: 'Acme Gym', created: 'queued', read: true, missing: 'not_found' });

  writeFileSync(join(project, 'typed-app.ts'), TYPED_APP);
  const tsc = join(PACKAGE_DIR, 'node_modules/typescript/bin/tsc');
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', 'typed-app.ts'];
  const typecheck = await run(process.execPath, [tsc, ...flags], project).catch((failure: { stdout: string }) => failure);
  expect(typecheck.stdout).toBe('');
}, 180_000);
