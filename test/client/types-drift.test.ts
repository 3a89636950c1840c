import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { REGENERATE_COMMAND, TYPES_FILE, openapiTypes, servedAppDocument } from '../../packages/client/scripts/openapi-types.ts';

it('the client package ships the types of the document the service serves', async () => {
  const served = await openapiTypes(await servedAppDocument());
  expect(readFileSync(TYPES_FILE, 'utf8'), `packages/client/src/openapi.ts is not what /api/v1/openapi.json gives: run \`${REGENERATE_COMMAND}\``).toBe(served);
});
