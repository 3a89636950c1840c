import SQLite from 'better-sqlite3';

/**
 * A second process on the service's SQLite file, as another server or `canceldesk lifecycle run` would
 * be: it holds write transactions of 50–200 ms, one after another with short gaps, for `durationMs`.
 * The first is exclusive and held for `firstHoldMs`: a lock only WAL lets readers ignore. It leaves the
 * journal mode alone (the service's opener must set WAL) and waits for the lock itself.
 * Prints `holding` once it has the first lock, `released <epoch ms>` once it has let go of it, then
 * `{"transactions":N}` when done.
 *
 * Run: node --import tsx test/support/write-lock-holder.ts <sqlite file> <durationMs> <firstHoldMs>
 */
const [file, durationMs, firstHoldMs] = process.argv.slice(2).map((arg, i) => (i === 0 ? arg : Number(arg))) as [string, number, number];
const db = new SQLite(file);
db.pragma('busy_timeout = 10000');
const touch = db.prepare('UPDATE providers SET updated_at = updated_at');
const sleep = new Int32Array(new SharedArrayBuffer(4));
const pause = (ms: number) => Atomics.wait(sleep, 0, 0, ms);

const end = Date.now() + durationMs;
let transactions = 0;
while (Date.now() < end) {
  db.exec(transactions === 0 ? 'BEGIN EXCLUSIVE' : 'BEGIN IMMEDIATE');
  touch.run();
  if (transactions === 0) process.stdout.write('holding\n');
  pause(transactions === 0 ? firstHoldMs : 50 + Math.random() * 150);
  db.exec('COMMIT');
  if (transactions === 0) process.stdout.write(`released ${Date.now()}\n`);
  transactions++;
  pause(30 + Math.random() * 30);
}
db.close();
process.stdout.write(`${JSON.stringify({ transactions })}\n`);
