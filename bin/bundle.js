// The production bundle, dist/: `npm run build` makes it from scratch, and the bin (bin/canceldesk.js)
// rebuilds it whenever the sources changed since, so nobody runs stale code. Plain JavaScript: it runs
// before anything could compile TypeScript.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
export const ENTRY = join(DIST, 'canceldesk.js');
/** What the bundle is made from: a change to any of these makes it stale. */
const SOURCES = ['src', 'package.json', 'tsconfig.json', 'bin/bundle.js'];
const STAMP = '// canceldesk sources ';

/** A hash of every source file's path and content (161 files, ~1 MB: a few milliseconds). */
function sourcesFingerprint() {
  const hash = createHash('sha256');
  const add = (path) => {
    const full = join(ROOT, path);
    if (!existsSync(full)) return;
    if (!statSync(full).isDirectory()) {
      hash.update(`${path}\0`).update(readFileSync(full)).update('\0');
      return;
    }
    for (const name of readdirSync(full).sort()) add(join(path, name));
  };
  for (const source of SOURCES) add(source);
  return hash.digest('hex');
}

/** The fingerprint the built entry carries on its first line, or null when there is none. */
function builtFingerprint() {
  let fd;
  try {
    fd = openSync(ENTRY, 'r');
    const head = Buffer.alloc(STAMP.length + 64);
    const read = readSync(fd, head, 0, head.length, 0);
    const line = head.subarray(0, read).toString('utf8');
    return line.startsWith(STAMP) ? line.slice(STAMP.length) : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** How the service is bundled for Node: its own code in, the packages left to node_modules. The bench's floor server is bundled the same way. */
export const NODE_BUNDLE = { bundle: true, platform: 'node', format: 'esm', target: 'node20.19', packages: 'external' };

/**
 * dist/canceldesk.js is the entry; what only some commands need (the server, email templates, the mail
 * parser) is in chunks beside it, loaded when a command asks. Chunk names carry their content's hash,
 * and the entry is renamed into place last, so a process that starts while another rebuilds runs
 * either the old bundle or the new one, whole.
 */
export async function buildBundle({ clean = false } = {}) {
  const { build } = await import('esbuild');
  const fingerprint = sourcesFingerprint();
  if (clean) rmSync(DIST, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { canceldesk: 'src/cli.ts' },
    ...NODE_BUNDLE,
    splitting: true,
    outdir: 'dist',
    chunkNames: 'chunk-[hash]',
    banner: { js: `${STAMP}${fingerprint}` },
    logLevel: 'warning',
    write: false,
  });
  mkdirSync(DIST, { recursive: true });
  const entry = result.outputFiles.find((file) => file.path === ENTRY);
  for (const file of result.outputFiles) if (file !== entry) writeAtomically(file.path, file.contents);
  copyMigrations();
  writeAtomically(ENTRY, entry.contents);
}

/** The .sql migrations beside the bundle, where src/node.ts looks for them (relative to its module). */
function copyMigrations() {
  const from = join(ROOT, 'src/db/migrations');
  const to = join(DIST, 'db/migrations');
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const target = join(to, name);
    if (!existsSync(target) || !readFileSync(target).equals(readFileSync(join(from, name)))) {
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      copyFileSync(join(from, name), temporary);
      renameSync(temporary, target);
    }
  }
}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** The bundle, rebuilt first if the sources changed since it was built (a checkout without src/ runs it as is). */
export async function freshBundle() {
  if (existsSync(join(ROOT, 'src')) && builtFingerprint() !== sourcesFingerprint()) await buildBundle();
  return ENTRY;
}

// `npm run build`: from scratch.
if (process.argv[1] && relative(fileURLToPath(import.meta.url), process.argv[1]) === '') await buildBundle({ clean: true });
