// Types for what TypeScript code imports from bundle.js (plain JavaScript: it runs before anything could compile TypeScript).
import type { BuildOptions } from 'esbuild';

export declare const NODE_BUNDLE: BuildOptions;
