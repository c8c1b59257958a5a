import type pg from 'pg';

/**
 * Runs `fn` inside BEGIN/COMMIT on one pooled connection; any error rolls back and is rethrown.
 * If the rollback itself fails the connection is in an unknown state, so it is destroyed
 * (release(error)) rather than handed to the next tenant's query.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
