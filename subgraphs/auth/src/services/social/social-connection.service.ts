import {
  AppError,
  assertMayGrant,
  BadInputError,
  entraTenantOf,
  loadTenantRoles,
  NotFoundError,
  SignedInService,
  socialSecretAad,
  SocialRepository,
  type SocialConnectionPatch,
  type SocialConnectionRow,
  type SocialProvider,
} from '@tradesage/core';

export interface SocialConnectionInput {
  readonly clientId?: string | null | undefined;
  readonly clientSecret?: string | null | undefined;
  readonly allowedDomains?: readonly string[] | null | undefined;
  readonly autoRegister?: boolean | null | undefined;
  readonly defaultRole?: string | null | undefined;
  readonly enabled?: boolean | null | undefined;
  readonly microsoftTenant?: string | null | undefined;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_DOMAINS = 50;

/**
 * The tenant's social sign-in connections (`tenant:settings:write`): the tenant's own application
 * at each provider, its secret sealed and never answered, which domains and whether unknown
 * accounts register, with which role (one the caller may grant: no escalation through it).
 */
export class SocialConnectionService extends SignedInService {
  list(): Promise<SocialConnectionRow[]> {
    return new SocialRepository(this.db).connections();
  }

  async create(provider: SocialProvider, input: SocialConnectionInput): Promise<SocialConnectionRow> {
    const patch = await this.#validated(provider, input, null);
    if (!patch.clientId) throw new BadInputError('BAD_USER_INPUT', 'clientId is required', { field: 'clientId' });
    if (!patch.clientSecretSealed)
      throw new BadInputError('BAD_USER_INPUT', 'clientSecret is required', { field: 'clientSecret' });
    if (provider === 'microsoft' && !patch.microsoftTenant)
      throw new BadInputError('BAD_USER_INPUT', 'microsoftTenant is required for Microsoft', {
        field: 'microsoftTenant',
      });
    const created = await new SocialRepository(this.db).createConnection({
      provider,
      clientId: patch.clientId,
      clientSecretSealed: patch.clientSecretSealed,
      allowedDomains: patch.allowedDomains ?? [],
      autoRegister: patch.autoRegister ?? false,
      defaultRole: patch.defaultRole ?? 'viewer',
      enabled: patch.enabled ?? true,
      microsoftTenant: provider === 'microsoft' ? (patch.microsoftTenant ?? null) : null,
    });
    if (!created) throw new AppError('CONFLICT', 'This provider is already connected: update it instead');
    await this.audit(this.db, {
      action: 'social_connection.created',
      targetType: 'social_connection',
      targetId: provider,
      data: { autoRegister: created.autoRegister, defaultRole: created.defaultRole, enabled: created.enabled },
    });
    return created;
  }

  async update(provider: SocialProvider, input: SocialConnectionInput): Promise<SocialConnectionRow> {
    const repository = new SocialRepository(this.db);
    const current = await repository.connection(provider);
    if (!current) throw new NotFoundError('This provider is not connected');
    const updated = await repository.updateConnection(provider, await this.#validated(provider, input, current));
    if (!updated) throw new NotFoundError('This provider is not connected');
    await this.audit(this.db, {
      action: 'social_connection.updated',
      targetType: 'social_connection',
      targetId: provider,
      data: {
        fields: Object.keys(input)
          .filter((key) => input[key as keyof SocialConnectionInput] != null)
          .sort()
          .join(','),
      },
    });
    return updated;
  }

  async delete(provider: SocialProvider): Promise<boolean> {
    const deleted = await new SocialRepository(this.db).deleteConnection(provider);
    if (deleted)
      await this.audit(this.db, {
        action: 'social_connection.deleted',
        targetType: 'social_connection',
        targetId: provider,
      });
    return deleted;
  }

  async #validated(
    provider: SocialProvider,
    input: SocialConnectionInput,
    current: SocialConnectionRow | null,
  ): Promise<SocialConnectionPatch> {
    const patch: { -readonly [K in keyof SocialConnectionPatch]: SocialConnectionPatch[K] } = {};
    if (input.clientId != null) {
      const clientId = input.clientId.trim();
      if (clientId === '' || clientId.length > 256 || /\s/.test(clientId))
        throw new BadInputError('BAD_USER_INPUT', 'clientId: 1 to 256 characters, no spaces', { field: 'clientId' });
      patch.clientId = clientId;
    }
    if (input.clientSecret != null) {
      if (input.clientSecret === '' || input.clientSecret.length > 1024)
        throw new BadInputError('BAD_USER_INPUT', 'clientSecret: 1 to 1024 characters', { field: 'clientSecret' });
      patch.clientSecretSealed = this.runtime.mfaSecrets.seal(
        socialSecretAad(this.viewer.tenantId, provider),
        input.clientSecret,
      );
    }
    if (input.allowedDomains != null) {
      const domains = [...new Set(input.allowedDomains.map((domain) => domain.trim().toLowerCase()))];
      if (domains.length > MAX_DOMAINS || domains.some((domain) => !DOMAIN.test(domain)))
        throw new BadInputError('BAD_USER_INPUT', `allowedDomains: up to ${MAX_DOMAINS} domain names`, {
          field: 'allowedDomains',
        });
      patch.allowedDomains = domains;
    }
    if (input.autoRegister != null) patch.autoRegister = input.autoRegister;
    if (input.enabled != null) patch.enabled = input.enabled;
    if (input.defaultRole != null) {
      // The connection grants this role to whoever registers: the caller must be allowed to grant it.
      assertMayGrant(this.viewer, [input.defaultRole], await loadTenantRoles(this.db), 'defaultRole');
      patch.defaultRole = input.defaultRole;
    } else if (!current) {
      assertMayGrant(this.viewer, ['viewer'], await loadTenantRoles(this.db), 'defaultRole');
    }
    if (input.microsoftTenant != null) {
      const tenant = entraTenantOf(input.microsoftTenant);
      if (provider !== 'microsoft' || !tenant)
        throw new BadInputError(
          'BAD_USER_INPUT',
          'microsoftTenant: `organizations` or a directory GUID, for Microsoft only',
          { field: 'microsoftTenant' },
        );
      patch.microsoftTenant = tenant;
    }
    return patch;
  }
}
