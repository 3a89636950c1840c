import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PBKDF2_ITERATIONS, hashPassword, verifyPassword } from '../../src/support/password.ts';

/** A stored hash made by Node's own PBKDF2, to show the format is the standard one and nothing ours. */
function nodeHash(password: string, iterations: number): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  return `pbkdf2-sha256$${iterations}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

describe('support passwords', () => {
  it('verifies the password a hash was made from', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('refuses a wrong password, including one that differs by case or a trailing space', async () => {
    const stored = await hashPassword('Secret-1');
    for (const wrong of ['secret-1', 'Secret-1 ', 'Secret-', '']) expect(await verifyPassword(wrong, stored)).toBe(false);
  });

  it('salts each hash differently, so equal passwords do not give equal hashes', async () => {
    const [a, b] = [await hashPassword('same'), await hashPassword('same')];
    expect(a).not.toBe(b);
    expect(a.split('$')[2]).not.toBe(b.split('$')[2]);
  });

  it('reads the iterations from the stored string, so hashes made at another cost still verify', async () => {
    const stored = nodeHash('older account', 1_000);
    expect(await verifyPassword('older account', stored)).toBe(true);
    // The same salt and key under another count is another hash.
    expect(await verifyPassword('older account', stored.replace('$1000$', '$1001$'))).toBe(false);
  });

  it('matches Node’s PBKDF2 at the current cost', async () => {
    expect(await verifyPassword('interoperable', nodeHash('interoperable', PBKDF2_ITERATIONS))).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['plain text', 'hunter2'],
    ['another scheme', 'bcrypt$10$abc$def'],
    ['missing parts', 'pbkdf2-sha256$100000$c2FsdA'],
    ['an extra part', `${nodeHash('x', 1_000)}$more`],
    ['zero iterations', nodeHash('x', 1_000).replace('$1000$', '$0$')],
    ['iterations that are not a number', nodeHash('x', 1_000).replace('$1000$', '$1e3$')],
    ['more iterations than Workers allow', nodeHash('x', 1_000).replace('$1000$', '$100001$')],
    ['a salt that is not base64url', nodeHash('x', 1_000).replace(/\$[^$]+\$([^$]+)$/, '$!!!!$$$1')],
    ['a key of the wrong length', `pbkdf2-sha256$1000$${'A'.repeat(22)}$${'A'.repeat(10)}`],
  ])('answers false, without throwing, for a malformed stored hash: %s', async (_, stored) => {
    await expect(verifyPassword('x', stored)).resolves.toBe(false);
  });
});
