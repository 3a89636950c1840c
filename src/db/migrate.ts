import { type Kysely, sql } from 'kysely';

export interface Migration {
  name: string;
  sql: string;
}

/**
 * Applies the `.sql` migrations not yet applied, in name order. Bookkeeping uses wrangler's own
 * `d1_migrations` table, so a database migrated here and one migrated by `wrangler d1 migrations apply`
 * agree on what has run. `execScript` runs a whole multi-statement file on the same connection, so it
 * is part of the transaction that records the migration.
 */
export async function applyMigrations(
  db: Kysely<any>,
  migrations: Migration[],
  execScript: (script: string) => void | Promise<void>,
): Promise<string[]> {
  await db.schema
    .createTable('d1_migrations')
    .ifNotExists()
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('name', 'text', (col) => col.unique())
    .addColumn('applied_at', 'timestamp', (col) => col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
  const done = new Set((await db.selectFrom('d1_migrations').select('name').execute()).map((row) => row.name as string));
  const pending = [...migrations].sort((a, b) => a.name.localeCompare(b.name)).filter((m) => !done.has(m.name));
  for (const migration of pending) {
    await db.transaction().execute(async (trx) => {
      await execScript(migration.sql);
      await trx.insertInto('d1_migrations').values({ name: migration.name }).execute();
    });
  }
  return pending.map((m) => m.name);
}
