import crypto from 'node:crypto';
import { quoteIdent, tenantSchemaName, type TenantPrismaClient } from '@tradesage/prisma';
import type { AuditColumns } from '../audit/audit.repository.ts';
import type { FactorKind } from './mfa-policy.ts';

/** A factor as its owner and the API see it (never its secret). */
export interface FactorRow {
  readonly id: string;
  readonly userId: string;
  readonly kind: Exclude<FactorKind, 'recovery_code'>;
  readonly name: string;
  readonly status: 'pending' | 'active';
  readonly phone: string | null;
  readonly transports: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly failedAttempts: number;
  readonly lastFailedAt: Date | null;
}

/** A TOTP factor with its sealed secret and the last step it accepted. */
export interface TotpFactorRow extends FactorRow {
  readonly secret: string;
  readonly lastUsedStep: number | null;
}

/** A passkey with what verifying it needs. */
export interface PasskeyRow extends FactorRow {
  readonly credentialId: string;
  readonly publicKey: Uint8Array;
  readonly signCount: number;
}

export interface ChallengeRow {
  readonly id: string;
  readonly userId: string;
  readonly purpose: 'sign_in' | 'step_up';
  readonly sessionId: string | null;
  readonly amr: readonly string[];
  readonly passkeyChallenge: string | null;
  readonly otpHash: string | null;
  readonly otpFactorId: string | null;
  readonly otpSentAt: Date | null;
  readonly otpExpiresAt: Date | null;
  readonly failures: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface TrustedDeviceRow {
  readonly id: string;
  readonly userId: string;
  readonly userAgent: string | null;
  readonly browser: string | null;
  readonly os: string | null;
  readonly deviceType: string;
  readonly ip: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date;
}

const FACTOR = {
  id: true,
  userId: true,
  kind: true,
  name: true,
  status: true,
  phone: true,
  transports: true,
  createdAt: true,
  lastUsedAt: true,
  failedAttempts: true,
  lastFailedAt: true,
} as const;

type FactorSelect = {
  [K in keyof typeof FACTOR]: K extends 'kind' | 'status' ? string : FactorRow[K & keyof FactorRow];
};

function toFactor(row: FactorSelect): FactorRow {
  return { ...row, kind: row.kind as FactorRow['kind'], status: row.status as FactorRow['status'] };
}

/**
 * Second factors, recovery codes, sign-in challenges and trusted devices in one tenant's schema:
 * the only code that reads or writes them. Every "exactly once" rule is one conditional UPDATE
 * whose row count decides: a TOTP step accepted once, a recovery code burnt once, a challenge
 * completed once.
 */
export class MfaRepository {
  constructor(private readonly db: TenantPrismaClient) {}

  // --- factors ---------------------------------------------------------------------------------

  async factors(userId: string): Promise<FactorRow[]> {
    const rows = await this.db.mfaFactor.findMany({ where: { userId }, select: FACTOR, orderBy: { createdAt: 'asc' } });
    return rows.map(toFactor);
  }

  async factor(userId: string, id: string): Promise<FactorRow | null> {
    const row = await this.db.mfaFactor.findFirst({ where: { id, userId }, select: FACTOR });
    return row ? toFactor(row) : null;
  }

  /** The kinds of factor a user can answer with: active factors, and `recovery_code` while unused codes remain. */
  async activeKinds(userId: string): Promise<Set<FactorKind>> {
    const [factors, codes] = await Promise.all([
      this.db.mfaFactor.findMany({ where: { userId, status: 'active' }, select: { kind: true }, distinct: ['kind'] }),
      this.db.recoveryCode.count({ where: { userId, usedAt: null } }),
    ]);
    const kinds = new Set(factors.map((row) => row.kind as FactorKind));
    if (codes > 0) kinds.add('recovery_code');
    return kinds;
  }

  /** A new TOTP factor, pending until its first correct code; an earlier pending one of the user is replaced. */
  async createPendingTotp(userId: string, name: string, seal: (id: string) => string): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.$transaction([
      this.db.mfaFactor.deleteMany({ where: { userId, kind: 'totp', status: 'pending' } }),
      this.db.mfaFactor.create({ data: { id, userId, kind: 'totp', name, status: 'pending', secret: seal(id) } }),
    ]);
    return id;
  }

  /** A new email or SMS factor, pending until its code comes back; an earlier pending one of that kind is replaced. */
  async createPendingOtpFactor(
    userId: string,
    kind: 'email' | 'sms',
    name: string,
    phone: string | null,
  ): Promise<FactorRow> {
    const id = crypto.randomUUID();
    const [, row] = await this.db.$transaction([
      this.db.mfaFactor.deleteMany({ where: { userId, kind, status: 'pending' } }),
      this.db.mfaFactor.create({ data: { id, userId, kind, name, status: 'pending', phone }, select: FACTOR }),
    ]);
    return toFactor(row);
  }

  async totpFactor(userId: string, id: string): Promise<TotpFactorRow | null> {
    const row = await this.db.mfaFactor.findFirst({
      where: { id, userId, kind: 'totp' },
      select: { ...FACTOR, secret: true, lastUsedStep: true },
    });
    if (!row?.secret) return null;
    return {
      ...toFactor(row),
      secret: row.secret,
      lastUsedStep: row.lastUsedStep === null ? null : Number(row.lastUsedStep),
    };
  }

  async activeTotpFactors(userId: string): Promise<TotpFactorRow[]> {
    const rows = await this.db.mfaFactor.findMany({
      where: { userId, kind: 'totp', status: 'active' },
      select: { ...FACTOR, secret: true, lastUsedStep: true },
    });
    return rows.flatMap((row) =>
      row.secret
        ? [
            {
              ...toFactor(row),
              secret: row.secret,
              lastUsedStep: row.lastUsedStep === null ? null : Number(row.lastUsedStep),
            },
          ]
        : [],
    );
  }

  /**
   * Accepts a TOTP `step` for the factor: true only when it is later than every step accepted
   * before (RFC 6238 §5.2, OWASP ASVS 5.0 6.5.1). One conditional UPDATE: of two submissions of the
   * same code at once, exactly one succeeds. Activates a pending factor and clears its failures.
   */
  async acceptTotpStep(id: string, step: number, now: Date): Promise<boolean> {
    const updated = await this.db.mfaFactor.updateMany({
      where: { id, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }] },
      data: { lastUsedStep: BigInt(step), lastUsedAt: now, status: 'active', failedAttempts: 0 },
    });
    return updated.count === 1;
  }

  /** A successful use of a factor (passkey, SMS, email): its failures cleared, last use recorded. */
  async recordFactorUse(id: string, now: Date, signCount?: number): Promise<void> {
    await this.db.mfaFactor.update({
      where: { id },
      data: {
        lastUsedAt: now,
        failedAttempts: 0,
        status: 'active',
        ...(signCount === undefined ? {} : { signCount: BigInt(signCount) }),
      },
    });
  }

  /** One more consecutive wrong answer for these factors of the user; returns the highest count. */
  async recordFactorFailure(userId: string, ids: readonly string[], now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    await this.db.mfaFactor.updateMany({
      where: { userId, id: { in: [...ids] } },
      data: { failedAttempts: { increment: 1 }, lastFailedAt: now },
    });
    const rows = await this.db.mfaFactor.findMany({
      where: { userId, id: { in: [...ids] } },
      select: { failedAttempts: true },
    });
    return Math.max(0, ...rows.map((row) => row.failedAttempts));
  }

  async renameFactor(userId: string, id: string, name: string): Promise<boolean> {
    const updated = await this.db.mfaFactor.updateMany({ where: { id, userId }, data: { name } });
    return updated.count === 1;
  }

  /**
   * Removes a factor. Recovery codes go with the last active factor (they recover a second factor,
   * and a user without one has nothing to recover), and trusted devices with any change of factors.
   */
  async deleteFactor(userId: string, id: string): Promise<FactorRow | null> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.mfaFactor.findFirst({ where: { id, userId }, select: FACTOR });
      if (!row) return null;
      await tx.mfaFactor.delete({ where: { id } });
      const left = await tx.mfaFactor.count({ where: { userId, status: 'active' } });
      if (left === 0) await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.trustedDevice.deleteMany({ where: { userId } });
      return toFactor(row);
    });
  }

  /**
   * An administrator's MFA reset: every factor, recovery code, trusted device and open challenge
   * of the user goes, and their enrolment grace starts again at their next sign-in.
   */
  async resetUser(userId: string): Promise<{ factors: number }> {
    return this.db.$transaction(async (tx) => {
      const factors = await tx.mfaFactor.deleteMany({ where: { userId } });
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.trustedDevice.deleteMany({ where: { userId } });
      await tx.mfaChallenge.updateMany({ where: { userId, endedAt: null }, data: { endedAt: new Date() } });
      await tx.user.update({ where: { id: userId }, data: { mfaEnrolBy: null } });
      return { factors: factors.count };
    });
  }

  // --- passkeys --------------------------------------------------------------------------------

  async passkeys(userId: string): Promise<PasskeyRow[]> {
    const rows = await this.db.mfaFactor.findMany({
      where: { userId, kind: 'passkey', status: 'active' },
      select: { ...FACTOR, credentialId: true, publicKey: true, signCount: true },
    });
    return rows.flatMap((row) => (row.credentialId && row.publicKey ? [toPasskey(row)] : []));
  }

  async passkeyByCredential(credentialId: string): Promise<PasskeyRow | null> {
    const row = await this.db.mfaFactor.findFirst({
      where: { credentialId, kind: 'passkey', status: 'active' },
      select: { ...FACTOR, credentialId: true, publicKey: true, signCount: true },
    });
    return row?.credentialId && row.publicKey ? toPasskey(row) : null;
  }

  async createPasskey(
    userId: string,
    input: {
      name: string;
      credentialId: string;
      publicKey: Uint8Array;
      counter: number;
      transports: readonly string[];
    },
  ): Promise<FactorRow> {
    const row = await this.db.mfaFactor.create({
      data: {
        id: crypto.randomUUID(),
        userId,
        kind: 'passkey',
        name: input.name,
        status: 'active',
        credentialId: input.credentialId,
        publicKey: Buffer.from(input.publicKey),
        signCount: BigInt(input.counter),
        transports: [...input.transports],
      },
      select: FACTOR,
    });
    await this.db.trustedDevice.deleteMany({ where: { userId } });
    return toFactor(row);
  }

  // --- recovery codes --------------------------------------------------------------------------

  /** Replaces the user's recovery codes with these digests: the old set is void at once. */
  async replaceRecoveryCodes(userId: string, digests: readonly string[]): Promise<void> {
    await this.db.$transaction([
      this.db.recoveryCode.deleteMany({ where: { userId } }),
      this.db.recoveryCode.createMany({ data: digests.map((hash) => ({ hash, userId })) }),
    ]);
  }

  /** Burns the unused code with one of these digests (one per key): true exactly once per code. */
  async burnRecoveryCode(userId: string, digests: readonly string[], now: Date): Promise<boolean> {
    const updated = await this.db.recoveryCode.updateMany({
      where: { userId, hash: { in: [...digests] }, usedAt: null },
      data: { usedAt: now },
    });
    return updated.count === 1;
  }

  async remainingRecoveryCodes(userId: string): Promise<number> {
    return this.db.recoveryCode.count({ where: { userId, usedAt: null } });
  }

  // --- challenges ------------------------------------------------------------------------------

  /** Stores a challenge under the id the caller chose (so its audit event can be written at the same time). */
  async createChallenge(input: {
    id: string;
    hash: string;
    userId: string;
    purpose: ChallengeRow['purpose'];
    sessionId: string | null;
    amr: readonly string[];
    expiresAt: Date;
    passkeyChallenge: string | null;
  }): Promise<void> {
    await this.db.mfaChallenge.create({ data: { ...input, amr: [...input.amr] } });
  }

  /** The open challenge with this token digest: not ended, not expired. */
  async openChallenge(hash: string, now: Date): Promise<ChallengeRow | null> {
    const row = await this.db.mfaChallenge.findFirst({ where: { hash, endedAt: null, expiresAt: { gt: now } } });
    return row ? { ...row, purpose: row.purpose as ChallengeRow['purpose'] } : null;
  }

  /** Ends an open challenge; true for exactly one caller (completion or giving up). */
  async endChallenge(id: string, now: Date): Promise<boolean> {
    const updated = await this.db.mfaChallenge.updateMany({ where: { id, endedAt: null }, data: { endedAt: now } });
    return updated.count === 1;
  }

  /**
   * A right TOTP code answering a challenge, in one statement: the step is accepted as
   * `acceptTotpStep` does (later than every step accepted before; two submissions of one code at
   * once, exactly one wins) and, only then, the challenge ends (exactly once) and `audit` is
   * appended, committing with it. `reused` when the step was accepted before; `ended` when the step
   * was taken but the challenge was over (answered or given up meanwhile): nothing else is written.
   */
  async acceptTotpAnswer(
    tenantId: string,
    input: { factorId: string; step: number; challengeId: string; now: Date; audit: AuditColumns },
  ): Promise<'accepted' | 'reused' | 'ended'> {
    const schema = quoteIdent(tenantSchemaName(tenantId));
    const { audit } = input;
    const rows = await this.db.$queryRawUnsafe<Array<{ accepted: number; ended: number }>>(
      `WITH accepted AS (
         UPDATE ${schema}.mfa_factors
            SET last_used_step = $2, last_used_at = $3, status = 'active', failed_attempts = 0
          WHERE id = $1::uuid AND (last_used_step IS NULL OR last_used_step < $2)
          RETURNING id
       ), ended AS (
         UPDATE ${schema}.mfa_challenges SET ended_at = $3
          WHERE id = $4::uuid AND ended_at IS NULL AND EXISTS (SELECT 1 FROM accepted)
          RETURNING id
       ), audited AS (
         INSERT INTO ${schema}.audit_events
                (action, actor_id, target_type, target_id, result, ip, user_agent, request_id, data)
         SELECT $5, $6::uuid, $7, $8, $9, $10, $11, $12, $13::jsonb WHERE EXISTS (SELECT 1 FROM ended)
         RETURNING id
       )
       SELECT (SELECT count(*) FROM accepted)::int AS accepted, (SELECT count(*) FROM ended)::int AS ended,
              (SELECT count(*) FROM audited)::int AS audited`,
      input.factorId,
      BigInt(input.step),
      input.now,
      input.challengeId,
      audit.action,
      audit.actorId,
      audit.targetType,
      audit.targetId,
      audit.result,
      audit.ip,
      audit.userAgent,
      audit.requestId,
      JSON.stringify(audit.data),
    );
    const row = rows[0];
    if (!row || row.accepted === 0) return 'reused';
    return row.ended === 1 ? 'accepted' : 'ended';
  }

  /** One more wrong answer to the challenge; returns the count after it. */
  async recordChallengeFailure(id: string): Promise<number> {
    const row = await this.db.mfaChallenge.update({
      where: { id },
      data: { failures: { increment: 1 } },
      select: { failures: true },
    });
    return row.failures;
  }

  async setChallengeOtp(
    id: string,
    otp: { hash: string; factorId: string; sentAt: Date; expiresAt: Date } | null,
  ): Promise<void> {
    await this.db.mfaChallenge.update({
      where: { id },
      data: {
        otpHash: otp?.hash ?? null,
        otpFactorId: otp?.factorId ?? null,
        otpSentAt: otp?.sentAt ?? null,
        otpExpiresAt: otp?.expiresAt ?? null,
      },
    });
  }

  async setPasskeyChallenge(id: string, challenge: string): Promise<void> {
    await this.db.mfaChallenge.update({ where: { id }, data: { passkeyChallenge: challenge } });
  }

  // --- trusted devices -------------------------------------------------------------------------

  async createTrustedDevice(
    input: Omit<TrustedDeviceRow, 'id' | 'createdAt' | 'lastUsedAt'> & { hash: string },
  ): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.trustedDevice.create({ data: { id, ...input } });
    return id;
  }

  /** The unexpired trusted device of the user with this digest, its last use recorded. */
  async useTrustedDevice(userId: string, hash: string, now: Date): Promise<boolean> {
    const updated = await this.db.trustedDevice.updateMany({
      where: { userId, hash, expiresAt: { gt: now } },
      data: { lastUsedAt: now },
    });
    return updated.count === 1;
  }

  async trustedDevices(userId: string, now: Date): Promise<TrustedDeviceRow[]> {
    return this.db.trustedDevice.findMany({
      where: { userId, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      omit: { hash: true },
    });
  }

  async deleteTrustedDevice(userId: string, id: string): Promise<boolean> {
    const deleted = await this.db.trustedDevice.deleteMany({ where: { id, userId } });
    return deleted.count === 1;
  }

  /** Every trusted device of the user goes (a password change or reset, a change of factors). */
  async deleteTrustedDevices(userId: string): Promise<number> {
    const deleted = await this.db.trustedDevice.deleteMany({ where: { userId } });
    return deleted.count;
  }

  // --- enrolment grace -------------------------------------------------------------------------

  /** The user's enrolment deadline, set once at their first sign-in that needs a factor. */
  async enrolBy(userId: string): Promise<Date | null> {
    const row = await this.db.user.findUnique({ where: { id: userId }, select: { mfaEnrolBy: true } });
    return row?.mfaEnrolBy ?? null;
  }

  async setEnrolBy(userId: string, enrolBy: Date): Promise<void> {
    await this.db.user.updateMany({ where: { id: userId, mfaEnrolBy: null }, data: { mfaEnrolBy: enrolBy } });
  }
}

function toPasskey(
  row: FactorSelect & { credentialId: string | null; publicKey: Uint8Array | null; signCount: bigint | null },
): PasskeyRow {
  return {
    ...toFactor(row),
    credentialId: row.credentialId ?? '',
    publicKey: new Uint8Array(row.publicKey ?? new Uint8Array()),
    signCount: Number(row.signCount ?? 0n),
  };
}
