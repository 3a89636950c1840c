#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so the bin needs no build step. The project's tsconfig is named
// outright: tsx would otherwise look for one in the caller's folder and compile the views' JSX for React.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli.ts');
await main();
