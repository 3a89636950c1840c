import { describe, expect, it } from 'vitest';
import { copies } from '../../src/copy/index.ts';

/**
 * Every language must say everything English says. TypeScript checks the shape at build time; this
 * walks the objects at run time too, so a key cast away, an empty string or a sentence left as plain
 * text where English builds it from data (a function) fails here, named by its path.
 */
function gapsAgainst(reference: unknown, translation: unknown, path = ''): string[] {
  if (typeof reference === 'function') return typeof translation === 'function' ? [] : [`${path}: should be a function`];
  if (typeof reference === 'string') {
    if (typeof translation !== 'string') return [`${path}: missing`];
    return translation.trim() === '' ? [`${path}: empty`] : [];
  }
  if (typeof translation !== 'object' || translation === null) return [`${path}: missing`];
  const ours = reference as Record<string, unknown>;
  const theirs = translation as Record<string, unknown>;
  const keyPath = (key: string) => (path ? `${path}.${key}` : key);
  return [
    ...Object.keys(ours).flatMap((key) =>
      Object.hasOwn(theirs, key) ? gapsAgainst(ours[key], theirs[key], keyPath(key)) : [`${keyPath(key)}: missing`],
    ),
    ...Object.keys(theirs)
      .filter((key) => !Object.hasOwn(ours, key))
      .map((key) => `${keyPath(key)}: not a key English has`),
  ];
}

const { en, ...translations } = copies;

describe('the copy of every language', () => {
  it.each(Object.keys(translations))('%s has every key English has, none empty, functions where English has functions', (locale) => {
    expect(gapsAgainst(en, copies[locale as keyof typeof copies])).toEqual([]);
  });

  it('names the path of a missing nested key, an empty string, a function given as text and an unknown key', () => {
    const { answer_limit: _, ...fourProblems } = en.form.linkProblems;
    const broken = {
      ...en,
      email: { ...en.email, replyButton: '  ' },
      form: { ...en.form, linkProblems: fourProblems, answerSummary: 'has been cancelled', sendButton: 'Send' },
    };
    expect(gapsAgainst(en, broken)).toEqual([
      'email.replyButton: empty',
      'form.answerSummary: should be a function',
      'form.linkProblems.answer_limit: missing',
      'form.sendButton: not a key English has',
    ]);
  });

  it('declares its own language tag and writes dates its own way', () => {
    expect(Object.entries(copies).map(([locale, copy]) => [locale, copy.lang, copy.date('2026-11-21')])).toEqual([
      ['en', 'en', '21 November 2026'],
      ['sv', 'sv', '21 november 2026'],
      ['de', 'de', '21. November 2026'],
    ]);
  });
});
