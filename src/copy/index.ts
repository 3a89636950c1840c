import { de } from './de.ts';
import { en } from './en.ts';
import { sv } from './sv.ts';
import type { Copy } from './types.ts';

export type { Copy, EmailCopy } from './types.ts';

/** One entry per language file; adding a language here is what makes it a valid `Locale`. */
export const copies = { en, sv, de } as const satisfies Record<string, Copy>;

export type Locale = keyof typeof copies;

export const copyFor = (locale: Locale): Copy => copies[locale];
