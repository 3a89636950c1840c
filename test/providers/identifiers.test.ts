import { describe, expect, it } from 'vitest';
import { type IdentifierDefinition, validateCustomer } from '../../src/providers/identifiers.ts';

const TODAY = '2026-11-21';

const required = (key: string, extra: Partial<IdentifierDefinition> = {}): IdentifierDefinition => ({ key, required: true, ...extra });
const optional = (key: string, extra: Partial<IdentifierDefinition> = {}): IdentifierDefinition => ({ key, required: false, ...extra });
const MEMBER_NUMBER = required('member_number', { label: 'Member number', pattern: '^[0-9]{6,10}$' });

/** Validates one value for one identifier the provider requires. */
const one = (key: string, value: unknown, extra: Partial<IdentifierDefinition> = {}) =>
  validateCustomer([required(key, extra)], { [key]: value }, TODAY);

/** The error for one value, failing the test if there is none. */
function errorFor(key: string, value: unknown, extra: Partial<IdentifierDefinition> = {}): string {
  const result = one(key, value, extra);
  if (result.kind === 'valid') throw new Error(`expected ${JSON.stringify(value)} to be refused for ${key}`);
  expect(Object.keys(result.fields)).toEqual([key]);
  return result.fields[key]!;
}

/** The stored value for one accepted value, failing the test if it is refused. */
function cleanValue(key: string, value: unknown, extra: Partial<IdentifierDefinition> = {}): string {
  const result = one(key, value, extra);
  if (result.kind === 'invalid') throw new Error(`expected ${JSON.stringify(value)} to be accepted for ${key}: ${JSON.stringify(result.fields)}`);
  return result.customer[key]!;
}

describe('which identifiers', () => {
  const ACME = [required('email'), required('first_name'), optional('phone'), MEMBER_NUMBER];

  it('accepts a customer with every required identifier, leaving an optional one out', () => {
    expect(validateCustomer(ACME, { email: 'jane@example.com', first_name: 'Jane', member_number: '12345678' }, TODAY)).toEqual({
      kind: 'valid',
      customer: { email: 'jane@example.com', first_name: 'Jane', member_number: '12345678' },
    });
  });

  it('names each missing required identifier', () => {
    const result = validateCustomer(ACME, { email: 'jane@example.com' }, TODAY);
    expect(result).toEqual({
      kind: 'invalid',
      fields: { first_name: expect.stringMatching(/required/), member_number: expect.stringMatching(/required/) },
    });
  });

  it.each([null, ''])('treats a required identifier given as %j as missing', (value) => {
    expect(errorFor('first_name', value)).toMatch(/required/);
  });

  it('names a key the provider does not ask for, and does not keep it', () => {
    const result = validateCustomer(ACME, { email: 'jane@example.com', first_name: 'Jane', member_number: '12345678', date_of_birth: '2000-01-01' }, TODAY);
    expect(result).toEqual({ kind: 'invalid', fields: { date_of_birth: expect.stringMatching(/not an identifier this provider asks for/) } });
  });

  it('keeps only the identifiers the provider asks for in the clean customer', () => {
    const result = validateCustomer([required('email'), optional('phone')], { email: 'jane@example.com' }, TODAY);
    expect(result).toEqual({ kind: 'valid', customer: { email: 'jane@example.com' } });
  });

  it('validates an optional identifier when it is given', () => {
    const result = validateCustomer([optional('card_last4')], { card_last4: '12' }, TODAY);
    expect(result).toEqual({ kind: 'invalid', fields: { card_last4: expect.stringMatching(/4 digits/) } });
  });
});

describe('formats of the built-in identifiers', () => {
  it.each(['123', '12345', 'abcd', '12 4', '١٢٣٤'])('refuses card_last4 %j', (value) => {
    expect(errorFor('card_last4', value)).toMatch(/exactly 4 digits/);
  });

  it('accepts card_last4 of exactly four digits', () => {
    expect(cleanValue('card_last4', '0042')).toBe('0042');
  });

  it.each(['jane', 'jane@', '@example.com', 'jane@@example.com', 'jane doe@example.com'])('refuses the email %j', (value) => {
    expect(errorFor('email', value)).toMatch(/valid email/);
  });

  it('accepts a plain email address', () => {
    expect(cleanValue('email', 'jane.doe+gym@example.co.uk')).toBe('jane.doe+gym@example.co.uk');
  });

  it.each([
    ['2025-02-29', 'not a leap year'],
    ['2025-13-01', 'no month 13'],
    ['2025-04-31', 'April has 30 days'],
    ['2025-00-10', 'no month 0'],
    ['0001-01-01', 'year 1'],
    ['9999-01-01', 'year 9999'],
    ['2026-11-22', 'tomorrow'],
    ['1899-12-31', 'before 1900'],
    ['2000-2-29', 'not zero-padded'],
    ['29.02.2000', 'not YYYY-MM-DD'],
    ['2000-02-29T00:00:00Z', 'a timestamp'],
  ])('refuses the date of birth %s (%s)', (value) => {
    expect(errorFor('date_of_birth', value)).toMatch(/date/);
  });

  it.each(['2000-02-29', '1900-01-01', TODAY])('accepts the real date of birth %s', (value) => {
    expect(cleanValue('date_of_birth', value)).toBe(value);
  });

  it('refuses a value that does not match a custom identifier’s pattern, and accepts one that does', () => {
    expect(validateCustomer([MEMBER_NUMBER], { member_number: '12ab' }, TODAY)).toEqual({
      kind: 'invalid',
      fields: { member_number: expect.stringMatching(/format/) },
    });
    expect(validateCustomer([MEMBER_NUMBER], { member_number: '12345' }, TODAY).kind).toBe('invalid');
    expect(validateCustomer([MEMBER_NUMBER], { member_number: '123456' }, TODAY)).toEqual({ kind: 'valid', customer: { member_number: '123456' } });
  });

  it('accepts any non-empty value for a custom identifier without a pattern', () => {
    expect(cleanValue('home_club', 'Edinburgh Quayside', { label: 'Home club' })).toBe('Edinburgh Quayside');
  });
});

describe('cleaning values', () => {
  it('trims surrounding whitespace', () => {
    expect(cleanValue('first_name', '  Jane \t')).toBe('Jane');
    expect(cleanValue('card_last4', ' 4242 ')).toBe('4242');
  });

  it('normalises to NFC, so a decomposed é is stored composed', () => {
    const value = cleanValue('first_name', 'Rene\u0301e');
    expect(value).toBe('Ren\u00e9e');
    expect(value).toHaveLength(5);
  });

  it('refuses a value that is only whitespace as empty', () => {
    expect(errorFor('first_name', '   ')).toMatch(/empty/);
  });

  it.each([
    ['a right-to-left override', 'Jane\u202Egpj.exe'],
    ['a left-to-right isolate', 'Jane\u2066Doe'],
    ['a zero-width space', 'Ja\u200Bne'],
    ['a zero-width joiner', 'Ja\u200Dne'],
    ['a soft hyphen', 'Ja\u00ADne'],
    ['a NUL', 'Ja\u0000ne'],
    ['a tab inside', 'Ja\tne'],
    ['an escape', 'Ja\u001B[31mne'],
    ['a DEL', 'Ja\u007Fne'],
    ['a C1 control', 'Ja\u0085ne'],
    ['a private-use character', 'Ja\uE000ne'],
  ])('refuses %s in a name', (_what, value) => {
    expect(errorFor('first_name', value)).toMatch(/control or invisible/);
  });

  it('refuses invisible characters in a custom identifier too, before its pattern could let them through', () => {
    expect(errorFor('member_number', '1234\u200B5678', { label: 'Member number', pattern: '[0-9]{6}' })).toMatch(/control or invisible/);
  });

  it('refuses a bidi override in a postal address, although newlines are allowed there', () => {
    expect(errorFor('postal_address', '1 Main Street\n\u202E12345 Springfield')).toMatch(/control or invisible/);
  });

  it('keeps newlines in a postal address, turning CRLF and CR into LF and dropping blank lines and line padding', () => {
    expect(cleanValue('postal_address', '1 Main Street\r\n12345 Springfield\rUSA')).toBe('1 Main Street\n12345 Springfield\nUSA');
    expect(cleanValue('postal_address', '  Flat 4B  \n\n 12 Harbour Street \n')).toBe('Flat 4B\n12 Harbour Street');
  });

  it('refuses a postal address of more than 10 lines', () => {
    expect(errorFor('postal_address', Array.from({ length: 11 }, (_, i) => `line ${i}`).join('\n'))).toMatch(/10 lines/);
  });

  it.each([
    ['first_name', 'Jane\nBcc: evil@example.com'],
    ['last_name', 'Doe\r\nSubject: hi'],
    ['email', 'jane@example.com\nbcc@example.com'],
    ['member_number', '123456\n789'],
  ])('refuses a line break inside the single-line field %s', (key, value) => {
    expect(errorFor(key, value, key === 'member_number' ? { label: 'Member number' } : {})).toMatch(/control or invisible/);
  });

  it.each([
    ['a number', 4242],
    ['a boolean', true],
    ['an array', ['4242']],
    ['an object', { value: '4242' }],
  ])('refuses %s where a string is expected', (_what, value) => {
    expect(errorFor('card_last4', value)).toMatch(/string/);
  });

  it.each([
    ['first_name', 100, {}],
    ['last_name', 100, {}],
    ['postal_address', 500, {}],
    ['home_club', 200, { label: 'Home club' }],
  ] as const)('refuses %s longer than %i characters and accepts it at exactly that length', (key, max, extra) => {
    expect(cleanValue(key, 'x'.repeat(max), extra)).toHaveLength(max);
    expect(errorFor(key, 'x'.repeat(max + 1), extra)).toMatch(new RegExp(`at most ${max}`));
  });

  it('refuses an over-long email address', () => {
    expect(one('email', `${'a'.repeat(60)}@${'b'.repeat(200)}.example`).kind).toBe('invalid');
  });

  it('measures length after trimming, so padding does not push a value over the limit', () => {
    expect(cleanValue('first_name', `  ${'x'.repeat(100)}  `)).toHaveLength(100);
  });
});
