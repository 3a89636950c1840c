import { type CancellationEmailInput, renderCancellationEmail } from '../src/mail/cancellation-email.ts';
import { customerDetails } from '../src/providers/identifiers.ts';
import { providerInput } from '../src/providers/provider.ts';
import { BENCH_CUSTOMER, BENCH_PROVIDER } from './seed.ts';

/**
 * Emails rendered per second (subject, HTML and plain text) for the bench provider's 7 identifiers,
 * each email with its own reference, name and reply link as in production. Run in a process of its
 * own, so it has one core to itself while the rest of the bench is idle. Prints one JSON line.
 */
const provider = await providerInput.parseAsync(BENCH_PROVIDER);

export function benchEmail(i: number): CancellationEmailInput {
  const customer = { ...BENCH_CUSTOMER, first_name: `Jane${i}`, member_number: String(10_000_000 + i) };
  return {
    locale: provider.locale,
    providerName: provider.name,
    reference: `CD-${String(i).padStart(8, '0')}`,
    requestedOn: '2026-11-21',
    customerName: `${customer.first_name} ${customer.last_name}`,
    identifiers: customerDetails(provider.identifiers, customer),
    replyUrl: `http://127.0.0.1:8787/reply/eyJhbGciOiJIUzI1NiIsImtpZCI6ImJlbmNoIn0.eyJzdWIiOiJjcl8${i}In0.c2lnbmF0dXJlc2lnbmF0dXJl${i}`,
    repliesByEmail: false,
  };
}

async function emailsPerSecond(seconds: number): Promise<number> {
  let rendered = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < until) {
    for (let j = 0; j < 20; j++) await renderCancellationEmail(benchEmail(rendered++));
  }
  return rendered / ((performance.now() - started) / 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.BENCH_RENDER_SECONDS ?? 5);
  await emailsPerSecond(Math.min(1, seconds)); // warm-up: JIT and the per-provider template
  console.log(JSON.stringify({ emailsPerSecond: await emailsPerSecond(seconds) }));
}
