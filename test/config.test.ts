import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_TOKEN_SECRETS, loadConfig } from '../src/config.ts';

const SECRET_1 = 'first-secret-long-enough-0123456789abcdef';
const SECRET_2 = 'second-secret-long-enough-0123456789abcdef';

/** Everything production needs, so a test can take one thing away or spoil it. */
const PRODUCTION = {
  NODE_ENV: 'production',
  TOKEN_SECRETS: `k1:${SECRET_1}`,
  PUBLIC_URL: 'https://canceldesk.example.com',
  RESEND_API_KEY: 're_live_123',
};

/** The problems loadConfig reports for an environment; fails the test if it does not throw a ConfigError. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('development defaults', () => {
  it('starts with no configuration at all, with the documented defaults', () => {
    const config = loadConfig({});
    expect(config.environment).toBe('development');
    expect(config.port).toBe(8787);
    expect(config.databaseUrl).toBe('file:./data/canceldesk.db');
    expect(config.publicUrl).toBe('http://localhost:8787');
    expect(config.mailFrom).toBe('Canceldesk <cancellations@localhost>');
  });

  it('signs with the development key when TOKEN_SECRETS is unset', () => {
    const [kid, ...rest] = DEVELOPMENT_TOKEN_SECRETS.split(':');
    expect(loadConfig({}).tokenKeys).toEqual([{ kid, secret: rest.join(':') }]);
  });

  it('uses the local outbox (no Resend) when RESEND_API_KEY is unset or blank', () => {
    expect(loadConfig({}).resend).toBeNull();
    expect(loadConfig({ RESEND_API_KEY: '' }).resend).toBeNull();
    expect(loadConfig({ RESEND_API_KEY: 're_123' }).resend).toEqual({ apiKey: 're_123', baseUrl: undefined, timeoutMs: 20_000 });
  });

  it('derives PUBLIC_URL from PORT when only the port is given', () => {
    expect(loadConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
  });
});

describe('production', () => {
  it('starts when every secret is given, with none of the development fallbacks', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.environment).toBe('production');
    expect(config.tokenKeys).toEqual([{ kid: 'k1', secret: SECRET_1 }]);
    expect(config.publicUrl).toBe('https://canceldesk.example.com');
    expect(config.resend).toEqual({ apiKey: 're_live_123', baseUrl: undefined, timeoutMs: 20_000 });
  });

  it("defaults to a database file of its own, never development's (which holds the public demo key)", () => {
    expect(loadConfig(PRODUCTION).databaseUrl).toBe('file:./data/canceldesk.production.db');
    expect(loadConfig({}).databaseUrl).toBe('file:./data/canceldesk.db');
    expect(loadConfig({ ...PRODUCTION, DATABASE_URL: 'file:/srv/canceldesk.db' }).databaseUrl).toBe('file:/srv/canceldesk.db');
  });

  it('refuses to start with nothing set, with one line each for TOKEN_SECRETS, PUBLIC_URL and RESEND_API_KEY', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(3);
    expect(problems.filter((p) => p.startsWith('TOKEN_SECRETS:'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('PUBLIC_URL:'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('RESEND_API_KEY:'))).toHaveLength(1);
    for (const line of problems) expect(line).not.toContain('\n');
  });

  it('lists every problem in the error message, one per line', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['TOKEN_SECRETS', 'PUBLIC_URL', 'RESEND_API_KEY']) expect(message).toMatch(new RegExp(`^\\s*${name}:`, 'm'));
    }
  });

  it.each(['PUBLIC_URL', 'RESEND_API_KEY', 'TOKEN_SECRETS'] as const)('treats a blank %s as missing', (name) => {
    expect(problemsOf({ ...PRODUCTION, [name]: '' })).toEqual([expect.stringMatching(new RegExp(`^${name}: required`))]);
  });

  it('refuses the development key', () => {
    const problems = problemsOf({ ...PRODUCTION, TOKEN_SECRETS: DEVELOPMENT_TOKEN_SECRETS });
    expect(problems).toEqual([expect.stringMatching(/^TOKEN_SECRETS: .*development key/)]);
  });

  it('refuses the development key listed next to a real one', () => {
    const problems = problemsOf({ ...PRODUCTION, TOKEN_SECRETS: `k1:${SECRET_1},${DEVELOPMENT_TOKEN_SECRETS}` });
    expect(problems).toEqual([expect.stringMatching(/^TOKEN_SECRETS: .*development key/)]);
  });

  it('refuses the development secret under another kid', () => {
    const devSecret = DEVELOPMENT_TOKEN_SECRETS.slice(DEVELOPMENT_TOKEN_SECRETS.indexOf(':') + 1);
    const problems = problemsOf({ ...PRODUCTION, TOKEN_SECRETS: `prod:${devSecret}` });
    expect(problems).toEqual([expect.stringMatching(/^TOKEN_SECRETS: .*development key/)]);
  });
});

describe('TOKEN_SECRETS', () => {
  it('parses two kid:secret pairs in order, so the first one signs', () => {
    const config = loadConfig({ ...PRODUCTION, TOKEN_SECRETS: `new:${SECRET_2}, old:${SECRET_1}` });
    expect(config.tokenKeys).toEqual([
      { kid: 'new', secret: SECRET_2 },
      { kid: 'old', secret: SECRET_1 },
    ]);
  });

  it('keeps colons inside a secret', () => {
    const secret = `${SECRET_1}:with:colons`;
    expect(loadConfig({ TOKEN_SECRETS: `k1:${secret}` }).tokenKeys).toEqual([{ kid: 'k1', secret }]);
  });

  it('refuses a secret shorter than 32 characters, naming its kid', () => {
    const problems = problemsOf({ ...PRODUCTION, TOKEN_SECRETS: `good:${SECRET_1},weak:${'x'.repeat(31)}` });
    expect(problems).toEqual([expect.stringMatching(/^TOKEN_SECRETS: .*"weak".*32/)]);
    expect(problems.join()).not.toContain('"good"');
  });

  it('accepts a secret of exactly 32 characters', () => {
    expect(loadConfig({ ...PRODUCTION, TOKEN_SECRETS: `k1:${'x'.repeat(32)}` }).tokenKeys).toEqual([{ kid: 'k1', secret: 'x'.repeat(32) }]);
  });

  it('refuses a short secret outside production too', () => {
    expect(problemsOf({ TOKEN_SECRETS: 'k1:short' })).toContainEqual(expect.stringMatching(/^TOKEN_SECRETS: .*"k1"/));
  });

  it.each([SECRET_1, `:${SECRET_1}`, `bad kid:${SECRET_1}`, `k/1:${SECRET_1}`])('refuses the malformed pair %j', (pair) => {
    const problems = problemsOf({ ...PRODUCTION, TOKEN_SECRETS: pair });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toContainEqual(expect.stringMatching(/^TOKEN_SECRETS: .*kid:secret/));
    for (const line of problems) expect(line).toMatch(/^TOKEN_SECRETS:/);
  });

  it('does not echo a secret back in a problem line', () => {
    const secret = 'not-a-pair-but-a-secret-someone-pasted-alone';
    const short = 'k1:sh0rt-s3cret';
    const problems = problemsOf({ ...PRODUCTION, TOKEN_SECRETS: `${secret},${short}` });
    expect(problems.join('\n')).not.toContain(secret);
    expect(problems.join('\n')).not.toContain('sh0rt-s3cret');
  });

  it('refuses a kid that appears twice', () => {
    const problems = problemsOf({ ...PRODUCTION, TOKEN_SECRETS: `k1:${SECRET_1},k1:${SECRET_2}` });
    expect(problems).toEqual([expect.stringMatching(/^TOKEN_SECRETS: .*"k1".*twice/)]);
  });
});

describe('other variables', () => {
  it.each([
    ['abc', 'must be a whole number'],
    ['0', 'must be at least 1'],
    ['70000', 'must be at most 65535'],
    ['80.5', 'must be a whole number'],
  ])('refuses PORT=%s, naming PORT and saying what it must be', (port, problem) => {
    expect(problemsOf({ PORT: port })).toEqual([`PORT: ${problem}`]);
  });

  it('refuses a DATABASE_URL that is not a file: URL, naming it', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://localhost/db' })).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('refuses a PUBLIC_URL that is not http(s), naming it', () => {
    expect(problemsOf({ PUBLIC_URL: 'javascript:alert(1)' })).toEqual([expect.stringMatching(/^PUBLIC_URL: /)]);
  });

  it('drops a trailing slash from PUBLIC_URL so links do not get a double slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://canceldesk.example.com/' }).publicUrl).toBe('https://canceldesk.example.com');
  });
});

describe('lifecycle and webhook settings', () => {
  it('defaults to a 60 s sender lease (sends time out after a third of it) and 90 days of retention', () => {
    const config = loadConfig({ RESEND_API_KEY: 're_1' });
    expect(config.senderLeaseSeconds).toBe(60);
    expect(config.resend?.timeoutMs).toBe(20_000);
    expect(config.retentionDays).toBe(90);
    expect(config.resendWebhookSecret).toBeNull();
  });

  it('takes RETENTION_DAYS, SENDER_LEASE_SECONDS and a whsec_ RESEND_WEBHOOK_SECRET', () => {
    const config = loadConfig({ RETENTION_DAYS: '30', SENDER_LEASE_SECONDS: '6', RESEND_API_KEY: 're_1', RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    expect(config.retentionDays).toBe(30);
    expect(config.resend?.timeoutMs).toBe(2_000);
    expect(config.resendWebhookSecret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('takes the connection’s address unless TRUSTED_CLIENT_IP_HEADER names a proxy’s header', () => {
    expect(loadConfig({}).trustedClientIpHeader).toBeNull();
    expect(loadConfig({ TRUSTED_CLIENT_IP_HEADER: 'CF-Connecting-IP' }).trustedClientIpHeader).toBe('CF-Connecting-IP');
  });

  it('takes INBOUND_DOMAIN as a lower-case domain name, and has none unless it is set', () => {
    expect(loadConfig({}).inboundDomain).toBeNull();
    expect(loadConfig({ INBOUND_DOMAIN: 'Reply.Example.COM' }).inboundDomain).toBe('reply.example.com');
    expect(loadConfig({ INBOUND_DOMAIN: 'xn--caf-dma.example' }).inboundDomain).toBe('xn--caf-dma.example');
  });

  it.each(['https://reply.example.com', 'reply+x@example.com', 'reply.example.com:25', 'localhost', 'reply..example.com', '-reply.example.com', 'reply.example.com.', 'reply example.com', 'reply.example.123', `${'a'.repeat(64)}.example.com`])(
    'refuses INBOUND_DOMAIN=%s, naming the variable',
    (value) => {
      expect(problemsOf({ INBOUND_DOMAIN: value })).toEqual([expect.stringMatching(/^INBOUND_DOMAIN: must be a domain name/)]);
    },
  );

  it('names each bad one', () => {
    const problems = problemsOf({ RETENTION_DAYS: '0', SENDER_LEASE_SECONDS: '1', RESEND_WEBHOOK_SECRET: 'secret', TRUSTED_CLIENT_IP_HEADER: 'X-Real-IP: 1' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['RESEND_WEBHOOK_SECRET', 'RETENTION_DAYS', 'SENDER_LEASE_SECONDS', 'TRUSTED_CLIENT_IP_HEADER']);
    expect(problems.join('\n')).toContain('RESEND_WEBHOOK_SECRET: must be the whsec_');
  });
});
