import crypto from 'node:crypto';
import {
  AppError,
  MfaRepository,
  mfaRequiredFor,
  parseDevice,
  recordAudit,
  signInStep,
  type Caller,
  type MfaSettings,
  type Runtime,
  type SignInStep,
} from '@tradesage/core';

/**
 * RFC 8176 has no method for "a device the user chose to trust stood in for the second factor";
 * sessions opened that way carry this value, so they are told apart from password-only ones and
 * never count as a second factor (step-up asks for a real one).
 */
export const TRUSTED_DEVICE_AMR = 'device';

/** What a sign-in that proved its first factor goes on to. */
export type GateStep = SignInStep | { readonly kind: 'trusted_device' };

export class MfaEnrolmentRequiredError extends AppError {
  constructor(enrolBy: Date) {
    super(
      'MFA_ENROLMENT_REQUIRED',
      'A second factor is required and the time to enrol one is over: ask an administrator',
      {
        details: { enrolBy: enrolBy.toISOString() },
      },
    );
  }
}

/**
 * The tenant's MFA policy where sessions start and go on (login, accepting an invitation,
 * refresh): whether a second factor is asked for, whether a trusted device stands in for it, and
 * the enrolment grace of users who must have one and have none (its start is stored once).
 */
export class SignInGate {
  constructor(private readonly runtime: Runtime) {}

  async step(input: {
    tenantId: string;
    user: { id: string; roles: readonly string[] };
    settings: MfaSettings;
    now: Date;
    trustedDeviceToken?: string | null | undefined;
  }): Promise<GateStep> {
    // MFA off asks nothing and needs no read (signInStep would answer the same).
    if (input.settings.mode === 'off') return { kind: 'session' };
    const mfa = new MfaRepository(this.runtime.db.tenant(input.tenantId));
    const enrolled = await mfa.activeKinds(input.user.id);
    const required = mfaRequiredFor(input.settings, input.user.roles);
    // The enrolment deadline matters only to a user who must have a factor.
    const enrolBy = required ? await mfa.enrolBy(input.user.id) : null;
    const step = signInStep({ settings: input.settings, roles: input.user.roles, enrolled, enrolBy, now: input.now });
    if (step.kind === 'challenge' && input.trustedDeviceToken && input.settings.trustedDeviceDays > 0) {
      if (await mfa.useTrustedDevice(input.user.id, trustedDeviceHash(input.trustedDeviceToken), input.now))
        return { kind: 'trusted_device' };
    }
    if ((step.kind === 'enrol' || step.kind === 'refused') && enrolBy === null)
      await mfa.setEnrolBy(input.user.id, step.enrolBy);
    return step;
  }

  /** A sign-in refused because the user's enrolment grace is over: audited, then MFA_ENROLMENT_REQUIRED. */
  async refuse(tenantId: string, userId: string, enrolBy: Date, meta: Caller): Promise<never> {
    await recordAudit(this.runtime.db.tenant(tenantId), this.runtime.logger, meta, {
      action: 'mfa.enrolment_required',
      result: 'refused',
      actorId: userId,
      targetType: 'user',
      targetId: userId,
      data: { enrolBy: enrolBy.toISOString() },
    });
    throw new MfaEnrolmentRequiredError(enrolBy);
  }

  /**
   * "Remember this device": a random 256-bit value for the browser's cookie (or a client's
   * storage), stored only as its SHA-256, valid the tenant's `mfa.trustedDeviceDays`.
   */
  async rememberDevice(input: {
    tenantId: string;
    userId: string;
    days: number;
    meta: Caller;
    now: Date;
  }): Promise<{ token: string; expiresAt: Date }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(input.now.getTime() + input.days * 86_400_000);
    const device = parseDevice(input.meta.userAgent);
    const db = this.runtime.db.tenant(input.tenantId);
    const id = await new MfaRepository(db).createTrustedDevice({
      hash: trustedDeviceHash(token),
      userId: input.userId,
      userAgent: input.meta.userAgent ?? null,
      browser: device.browser,
      os: device.os,
      deviceType: device.deviceType,
      ip: input.meta.ip ?? null,
      expiresAt,
    });
    await recordAudit(db, this.runtime.logger, input.meta, {
      action: 'trusted_device.created',
      actorId: input.userId,
      targetType: 'trusted_device',
      targetId: id,
      data: { days: input.days },
    });
    return { token, expiresAt };
  }
}

export function trustedDeviceHash(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('base64url');
}
