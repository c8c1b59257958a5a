import type pg from 'pg';
import { quoteIdent, tenantSchemaName } from '@tradesage/prisma';

/** What the provider stores of one artefact (its model's payload, as oidc-provider gives it). */
export type OidcPayload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  consumed?: unknown;
};

/** The outcome of consuming a code or refresh token: first use, a repeat within the leeway, or reuse. */
export type ConsumeOutcome =
  | { readonly kind: 'consumed' }
  | { readonly kind: 'reused'; readonly grantId: string | null }
  | { readonly kind: 'missing' };

/**
 * The provider's artefacts in one tenant's schema (`oidc_payloads`): codes, refresh tokens,
 * grants, the provider's sessions and interactions, by model and id. The only code that reads or
 * writes them; every statement names the tenant's schema, so one tenant's artefacts cannot even
 * be looked up from another's issuer.
 */
export class OidcPayloadRepository {
  readonly #table: string;

  constructor(
    private readonly pool: pg.Pool,
    tenantId: string,
  ) {
    this.#table = `${quoteIdent(tenantSchemaName(tenantId))}.oidc_payloads`;
  }

  async upsert(kind: string, id: string, payload: OidcPayload, expiresInSeconds: number | undefined): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.#table} (kind, id, payload, grant_id, uid, expires_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $6::integer) END)
       ON CONFLICT (kind, id) DO UPDATE
         SET payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid, expires_at = excluded.expires_at`,
      [kind, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, expiresInSeconds ?? null],
    );
  }

  /**
   * The artefact, unless it has expired. `consumed` is set when it was consumed, except within
   * `leewaySeconds` of that (a refresh token spent moments ago, by a racing request or a retry
   * after a lost response, is rotated once more instead of counting as reuse).
   */
  async find(kind: string, column: 'id' | 'uid', value: string, leewaySeconds = 0): Promise<OidcPayload | undefined> {
    const result = await this.pool.query<{ payload: OidcPayload; consumed: number | null; within_leeway: boolean }>(
      `SELECT payload,
              extract(epoch FROM consumed_at)::bigint AS consumed,
              ($3::integer > 0 AND consumed_at > now() - make_interval(secs => $3::integer)) AS within_leeway
         FROM ${this.#table}
        WHERE kind = $1 AND ${column === 'id' ? 'id' : 'uid'} = $2 AND (expires_at IS NULL OR expires_at > now())`,
      [kind, value, leewaySeconds],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    if (row.consumed === null || row.within_leeway) return row.payload;
    return { ...row.payload, consumed: Number(row.consumed) };
  }

  /**
   * Marks it consumed in one conditional statement: two requests redeeming the same code (or a
   * refresh token beyond the leeway) cannot both succeed; the second learns it was reuse.
   */
  async consume(kind: string, id: string, leewaySeconds = 0): Promise<ConsumeOutcome> {
    // An UPDATE re-checks its WHERE on the newest row once a concurrent update commits: of two
    // racing redemptions, the second sees the first's consumed_at. Without a leeway a spent row is
    // never consumed again: now() is each transaction's start, so a racer that started a moment
    // before the winner would otherwise find the winner's consumed_at "within" a leeway of zero.
    const result = await this.pool.query(
      `UPDATE ${this.#table} SET consumed_at = coalesce(consumed_at, now())
        WHERE kind = $1 AND id = $2
          AND (consumed_at IS NULL
               OR ($3::integer > 0 AND consumed_at > now() - make_interval(secs => $3::integer)))
        RETURNING 1`,
      [kind, id, leewaySeconds],
    );
    if (result.rows[0]) return { kind: 'consumed' };
    const existing = await this.pool.query<{ grant_id: string | null }>(
      `SELECT grant_id FROM ${this.#table} WHERE kind = $1 AND id = $2`,
      [kind, id],
    );
    const row = existing.rows[0];
    return row ? { kind: 'reused', grantId: row.grant_id } : { kind: 'missing' };
  }

  async destroy(kind: string, id: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.#table} WHERE kind = $1 AND id = $2`, [kind, id]);
  }

  /** Every artefact of a grant, of any kind (the grant itself included when `kind` is omitted). */
  async revokeByGrantId(grantId: string, kind?: string): Promise<void> {
    if (kind === undefined) {
      await this.pool.query(`DELETE FROM ${this.#table} WHERE grant_id = $1 OR (kind = 'Grant' AND id = $1)`, [
        grantId,
      ]);
      return;
    }
    await this.pool.query(`DELETE FROM ${this.#table} WHERE kind = $1 AND grant_id = $2`, [kind, grantId]);
  }

  /**
   * Every artefact issued to a client (codes, tokens, grants: each payload names its `clientId`),
   * when the client is deleted; the count removed.
   */
  async deleteByClientId(clientId: string): Promise<number> {
    const result = await this.pool.query(`DELETE FROM ${this.#table} WHERE payload->>'clientId' = $1`, [clientId]);
    return result.rowCount ?? 0;
  }

  /** Removes what expired more than `graceSeconds` ago (the cleanup job); the count removed. */
  async deleteExpired(graceSeconds: number, limit: number): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM ${this.#table} WHERE ctid IN (
         SELECT ctid FROM ${this.#table} WHERE expires_at < now() - make_interval(secs => $1::integer) LIMIT $2)`,
      [graceSeconds, limit],
    );
    return result.rowCount ?? 0;
  }
}
