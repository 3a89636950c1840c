import { z } from 'zod';
import { isReservedKey } from '../validation.ts';
import { copies, type Locale } from '../copy/index.ts';
import { type IdentifierDefinition, BUILT_IN_KEYS, isBuiltInKey } from './identifiers.ts';
import { patternFormProblem } from './pattern-safety.ts';

/** A provider's emails and form speak its locale; the locales are the languages we have copy for. */
const LOCALES = Object.keys(copies) as [Locale, ...Locale[]];

export interface Provider {
  id: string;
  name: string;
  emails: string[];
  locale: Locale;
  identifiers: IdentifierDefinition[];
  replyWindowDays: number;
  reminderDays: number[];
  /** Days after a binding contract ends before we ask the provider to confirm the cancellation. */
  followUpDelayDays: number;
  /**
   * false: no email per request (nor its reminders or follow-ups); the provider takes its requests through
   * the provider API, its webhook or its inbox link instead. Its requests wait for an answer from the start.
   */
  perRequestEmails: boolean;
  /** One email listing how many requests are open, with a fresh inbox link: never, every day or every week. */
  digest: Digest;
}

export const DIGESTS = ['off', 'daily', 'weekly'] as const;
export type Digest = (typeof DIGESTS)[number];

const customKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (starting with a letter)')
  // Keys become object properties; one that every object already has ("constructor") would read as set.
  .refine((key) => !isReservedKey(key), 'is a reserved name');

// Its running time is checked when a file is imported (importProviders), by the runtime's own checker.
const validPattern = z
  .string()
  .max(200)
  .superRefine((pattern, ctx) => {
    const problem = patternFormProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const labelText = z.string().trim().min(1).max(80);

/** One label for every language, or `{ en, sv, de }`: whichever languages the provider writes. */
const identifierLabel = z.union([
  labelText,
  z
    .strictObject(Object.fromEntries(LOCALES.map((l) => [l, labelText.optional()])) as Record<Locale, z.ZodOptional<typeof labelText>>)
    .refine((byLocale) => Object.values(byLocale).some(Boolean), `must give the label in at least one of ${LOCALES.join(', ')}`),
]);

const identifierEntry = z.union(
  [
  z.enum(BUILT_IN_KEYS),
  z
    .strictObject({
      key: customKey,
      label: identifierLabel.optional(),
      required: z.boolean().default(true),
      pattern: validPattern.optional(),
    })
    .superRefine((entry, ctx) => {
      if (isBuiltInKey(entry.key)) {
        if (entry.pattern) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'built-in identifiers have their own format' });
      } else if (!entry.label) {
        ctx.addIssue({ code: 'custom', path: ['label'], message: 'is required for a custom identifier' });
      }
    }),
  ],
  { error: `must be one of ${BUILT_IN_KEYS.join(', ')} or an object { key, label, required, pattern }` },
);

/** A provider as the operator writes it in a providers file (SPEC §9). */
export const providerInput = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be a slug: lower-case letters, digits and -'),
    name: z.string().trim().min(1).max(120),
    emails: z.array(z.email()).min(1, 'must list at least one cancellation inbox').max(10),
    locale: z.enum(LOCALES).default('en'),
    identifiers: z.array(identifierEntry).min(1, 'must list at least one identifier').max(20),
    replyWindowDays: z.number().int().min(1).max(365).default(30),
    reminderDays: z.array(z.number().int().min(1).max(365)).max(10).default([3, 7]),
    followUpDelayDays: z.number().int().min(0).max(90).default(1),
    perRequestEmails: z.boolean().default(true),
    digest: z.enum(DIGESTS).default('off'),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.identifiers.forEach((entry, i) => {
      const key = typeof entry === 'string' ? entry : entry.key;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['identifiers', i], message: `lists "${key}" twice` });
      seen.add(key);
      // The form and emails are in the provider's language; a built-in has its own label there already.
      if (typeof entry !== 'string' && typeof entry.label === 'object' && !isBuiltInKey(key) && !entry.label[p.locale]) {
        ctx.addIssue({
          code: 'custom',
          path: ['identifiers', i, 'label', p.locale],
          message: `is required: the provider's locale is ${p.locale}, the language of its form and emails`,
        });
      }
    });
    p.reminderDays.forEach((day, i) => {
      if (day >= p.replyWindowDays) {
        ctx.addIssue({ code: 'custom', path: ['reminderDays', i], message: 'must fall inside the reply window' });
      }
    });
  })
  .transform(
    (p): Provider => ({
      ...p,
      emails: [...new Set(p.emails.map((e) => e.toLowerCase()))],
      reminderDays: [...new Set(p.reminderDays)].sort((a, b) => a - b),
      identifiers: p.identifiers.map((entry) =>
        typeof entry === 'string' ? { key: entry, required: true } : stripUndefined(entry),
      ),
    }),
  );

export type ProviderInput = z.input<typeof providerInput>;

function stripUndefined(def: IdentifierDefinition): IdentifierDefinition {
  return Object.fromEntries(Object.entries(def).filter(([, v]) => v !== undefined)) as unknown as IdentifierDefinition;
}
