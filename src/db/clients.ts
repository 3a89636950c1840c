import type { CompiledQuery } from 'kysely';
import type { ApiClientRow, Db } from './schema.ts';

export function insertClient(db: Db, row: ApiClientRow): CompiledQuery {
  return db.insertInto('api_clients').values(row).compile();
}

export async function findClientByKeyHash(db: Db, keyHash: string): Promise<ApiClientRow | null> {
  return (await db.selectFrom('api_clients').selectAll().where('key_hash', '=', keyHash).executeTakeFirst()) ?? null;
}

export async function findClientById(db: Db, id: string): Promise<ApiClientRow | null> {
  return (await db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}
