import { startFakeResend } from '../test/support/fake-resend.ts';

/**
 * The tests' fake Resend as its own process, for the service under load to send to: it keeps counts
 * and keys, not bodies. On SIGTERM it prints what it accepted, as one JSON line.
 */
const fake = await startFakeResend({ recordContent: false });
console.log(`listening on ${fake.baseUrl}`);
process.once('SIGTERM', async () => {
  console.log(JSON.stringify({ accepted: fake.accepted.size, calls: fake.requests.length, duplicatesSuppressed: fake.duplicatesSuppressed }));
  await fake.close();
  process.exit(0);
});
