import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ReferenceBundle } from './http/docs/reference-bundle.ts';

/**
 * Scalar's prebuilt browser bundle read from the installed package on Node: once, on the first visit
 * to /api/v1/docs (4.3 MB; a CLI command never pays for it). The package exports no path to it, so it
 * is found beside the package's entry.
 */
export function installedReferenceBundle(): ReferenceBundle {
  let loaded: Promise<Awaited<ReturnType<ReferenceBundle['load']>>> | undefined;
  return {
    load: () =>
      (loaded ??= (async () => {
        const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
        const script = await readFile(join(dirname(entry), 'browser', 'standalone.js'));
        return { hash: createHash('sha256').update(script).digest('hex').slice(0, 16), script, gzipped: gzipSync(script) };
      })()),
  };
}
