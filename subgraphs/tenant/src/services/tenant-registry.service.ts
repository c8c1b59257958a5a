import {
  accountLink,
  AppError,
  BadInputError,
  invitationMail,
  NotFoundError,
  ONE_TIME_TOKEN_TTL_SECONDS,
  type Page,
  rateLimitedError,
  type PageArgs,
  pageRequest,
  RequestService,
  type Runtime,
  TenantCounter,
  type TenantPlan,
} from '@tradesage/core';
import { TenantRepository, type TenantPageFilter, type TenantRow } from '../repositories/tenant.repository.ts';
import { auditTenant } from './tenant-audit.ts';
import { provisionTenantWithUsers, type ProvisionedTenant } from './tenant-provisioning.service.ts';

export const MAX_PAGE_SIZE = 100;
const MAX_SEARCH = 100;

export type TenantConnection = Page<TenantRow>;

export interface CreateTenantInput {
  readonly slug: string;
  readonly name: string;
  readonly adminEmail: string;
  readonly adminPassword?: string | null | undefined;
  readonly plan?: TenantPlan | null | undefined;
}

/** The registry as platform administrators see it: onboarding, listing, plans. */
export class TenantRegistryService extends RequestService {
  readonly #tenants = new TenantRepository(this.runtime.db.control);

  /**
   * Onboards a tenant: schema, default roles and settings, first admin — with
   * the given password, or `invited` without one. An invited admin's invitation token is stored
   * in the provisioning transaction (all or nothing); the email is sent after it commits.
   */
  async create(input: CreateTenantInput): Promise<ProvisionedTenant> {
    const tenant = await provisionTenantWithUsers(this.runtime, {
      slug: input.slug,
      name: input.name,
      ...(input.plan ? { plan: input.plan } : {}),
      users: [{ email: input.adminEmail, password: input.adminPassword ?? undefined, role: 'admin' }],
    });
    await auditTenant(
      this.runtime,
      this.caller,
      tenant.id,
      {
        action: 'tenant.created',
        data: { slug: tenant.slug, plan: tenant.plan, adminInvited: tenant.invitedUserIds.length > 0 },
      },
      { tenantLog: true, platform: true },
    );
    this.#sendInvitations(tenant);
    this.runtime.logger.info(
      { tenantId: tenant.id, actor: this.caller.viewer?.userId ?? null, invited: tenant.invitedUserIds.length },
      'tenant created',
    );
    return tenant;
  }

  /**
   * Self-service sign-up of a new tenant (anonymous; only when TENANT_SELF_SIGNUP is on): an
   * active FREE tenant whose admin is invited, so the emailed link proves the address before
   * anyone can sign in. Throttled per client IP. Audited in the new tenant's log and the
   * platform tenant's.
   */
  async signUp(input: { slug: string; name: string; adminEmail: string }): Promise<ProvisionedTenant> {
    if (!this.runtime.config.tenants.selfSignup) {
      throw new AppError('SIGNUP_NOT_ALLOWED', 'Self-service sign-up of new tenants is not enabled on this platform');
    }
    const hit = await signUpLimiter(this.runtime).hit(SIGNUP_COUNTER_SCOPE, ipSubject(this.caller.ip));
    if (hit.exceeded) throw rateLimitedError(hit.msBeforeReset, 'Too many tenant sign-ups, please retry later');
    const tenant = await provisionTenantWithUsers(this.runtime, {
      slug: input.slug,
      name: input.name,
      status: 'active',
      plan: 'free',
      users: [{ email: input.adminEmail, role: 'admin' }],
    });
    await auditTenant(
      this.runtime,
      this.caller,
      tenant.id,
      { action: 'tenant.signed_up', data: { slug: tenant.slug, plan: tenant.plan, adminInvited: true } },
      { tenantLog: true, platform: true },
    );
    this.#sendInvitations(tenant);
    this.runtime.logger.info({ tenantId: tenant.id }, 'tenant signed up');
    return tenant;
  }

  /** The invitation email of each invited first user, with the link built as the auth subgraph's invitations do. */
  #sendInvitations(tenant: ProvisionedTenant): void {
    for (const invitation of tenant.invitations) {
      this.runtime.mailer.dispatch(
        invitationMail({
          to: invitation.email,
          link: accountLink(this.runtime.config.mail.appUrl, 'accept-invitation', invitation.token, tenant.slug),
          tenantName: tenant.name,
          role: invitation.role,
          validDays: ONE_TIME_TOKEN_TTL_SECONDS.invitation / 86_400,
        }),
      );
    }
  }

  async page(filter: TenantPageFilter, paging: PageArgs): Promise<TenantConnection> {
    const page = pageRequest(paging, { size: [20, MAX_PAGE_SIZE], ids: 'uuid' });
    if (filter.search !== undefined && filter.search.length > MAX_SEARCH) {
      throw new BadInputError('BAD_USER_INPUT', `search must be at most ${MAX_SEARCH} characters`, {
        field: 'filter.search',
      });
    }
    const rows = await this.#tenants.page(
      filter,
      page.take,
      page.start && { createdAt: page.start.at, id: page.start.id },
    );
    return page.of(rows, 'createdAt');
  }

  async setPlan(tenantId: string, plan: TenantPlan): Promise<TenantRow> {
    const current = await this.#tenants.findById(tenantId);
    if (!current || current.status === 'purged') throw new NotFoundError('Tenant');
    if (current.plan === plan) return current;
    const updated = await this.#tenants.update(current.id, { plan });
    await auditTenant(
      this.runtime,
      this.caller,
      current.id,
      { action: 'tenant.plan_changed', data: { from: current.plan, to: plan } },
      { tenantLog: true, platform: true },
    );
    return updated;
  }
}

/** Sign-ups are not within any tenant yet: their counter lives under this scope, per client IP. */
const SIGNUP_COUNTER_SCOPE = 'tenant-signup';
const limiters = new WeakMap<Runtime, TenantCounter>();

function signUpLimiter(runtime: Runtime): TenantCounter {
  let limiter = limiters.get(runtime);
  if (!limiter) {
    // Without REDIS_URL the Runtime's Redis is the in-process stand-in: count in memory instead.
    limiter = new TenantCounter(
      { name: 'tenant-sign-up-ip', points: 5, durationSeconds: 60 * 60 },
      runtime.config.redisUrl ? runtime.redis : undefined,
      runtime.logger,
    );
    limiters.set(runtime, limiter);
  }
  return limiter;
}

function ipSubject(ip: string | undefined): string {
  return `ip:${ip ?? 'unknown'}`;
}

/** Clears the sign-up throttle of one client address (operators, tests). */
export async function resetTenantSignUpThrottle(runtime: Runtime, ip: string | undefined): Promise<void> {
  await signUpLimiter(runtime).reset(SIGNUP_COUNTER_SCOPE, ipSubject(ip));
}
