import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { Database, Db } from '../../src/db/schema.ts';

/**
 * The floors' database: better-sqlite3 straight, statements prepared once. Kysely is here only to
 * compile the service's own write statements once (`preparedStatements`), so the floors write exactly
 * the SQL the service writes, without building it per request.
 */
export interface FloorStore {
  sqlite: SQLite.Database;
  /** For compiling the service's statements once, and for the sender's floor to run the service's claim. */
  db: Db;
  /** One read's first row. */
  read<R>(query: CompiledQuery): R | undefined;
  /** The statements as one transaction; the rows each changed. */
  transaction(writes: CompiledQuery[]): number[];
}

export function openFloorStore(file: string): FloorStore {
  const sqlite = new SQLite(file, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const statements = new Map<string, SQLite.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
    return statement;
  };
  const run = sqlite.transaction((writes: CompiledQuery[]) => writes.map(({ sql, parameters }) => prepare(sql).run(parameters as unknown[]).changes));
  return {
    sqlite,
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    read: <R,>(query: CompiledQuery) => prepare(query.sql).get(query.parameters as unknown[]) as R | undefined,
    transaction: run,
  };
}
