import { recordAudit, type Runtime } from '@tradesage/core';
import { InvalidCredentialsError } from '../errors.ts';
import { TenantRepository } from '../repositories/tenant.repository.ts';
import { UserRepository } from '../repositories/user.repository.ts';
import type { RequestMeta } from './request-meta.ts';
import { TokenService, type IssuedTokens } from './token.service.ts';

/** Proves who a user is (tenant, email, password) and starts their session. */
export class LoginService {
  constructor(private readonly runtime: Runtime) {}

  async login(input: { tenant: string; email: string; password: string }, meta: RequestMeta): Promise<IssuedTokens> {
    const { passwords } = this.runtime;
    const tenant = await new TenantRepository(this.runtime.db.control).findForLogin(input.tenant);
    if (!tenant || tenant.status !== 'active') {
      // Same work as a real check, so an unknown tenant is not told apart by timing.
      await passwords.verify(input.password, null);
      throw new InvalidCredentialsError();
    }
    const db = this.runtime.db.tenant(tenant.id);
    const users = new UserRepository(db, tenant.id);
    const user = await users.findByEmail(input.email.trim());
    const passwordOk = await passwords.verify(input.password, user?.passwordHash);
    const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : user.status !== 'active' ? 'user_disabled' : null;
    if (!user || reason) {
      if (user) await users.recordFailure(user.id);
      await recordAudit(db, this.runtime.logger, {
        action: 'login.failed',
        actorId: user?.id ?? null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: meta.requestId,
        result: 'failure',
        data: { reason: reason ?? 'unknown_user' },
      });
      throw new InvalidCredentialsError();
    }
    const now = new Date();
    const upgraded = passwords.needsRehash(user.passwordHash ?? '') ? await passwords.hash(input.password) : undefined;
    await users.recordLogin(user.id, now, upgraded);
    return new TokenService(this.runtime).startSession(tenant.id, user, meta, now);
  }
}
