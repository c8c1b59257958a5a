import {
  assertMayGrant,
  BadInputError,
  forgetOAuthClient,
  hasInvisibleCharacters,
  loadTenantRoles,
  NotFoundError,
  OAuthClientRepository,
  revokeOwnerApiKeys,
  SignedInService,
} from '@tradesage/core';
import { isUuid } from '@tradesage/prisma';
import { ServiceAccountRepository, type ServiceAccountRow } from '../../repositories/service-account.repository.ts';

const MAX_NAME_LENGTH = 100;
const MAX_DESCRIPTION_LENGTH = 500;

/**
 * Service accounts (`apikeys:manage`, checked by the shield): non-person principals of the tenant
 * with their own roles, owning API keys, never signing in (no password, no session, no second
 * factor). Their roles are granted under the rule every grant follows: never beyond the caller's own.
 */
export class ServiceAccountService extends SignedInService {
  readonly #accounts = new ServiceAccountRepository(this.db);

  list(): Promise<ServiceAccountRow[]> {
    return this.#accounts.list();
  }

  async create(input: {
    name: string;
    description?: string | null;
    roles: readonly string[];
  }): Promise<ServiceAccountRow> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH || hasInvisibleCharacters(name))
      throw new BadInputError('BAD_USER_INPUT', `A name of 1 to ${MAX_NAME_LENGTH} characters`, { field: 'name' });
    const description = (input.description ?? '').trim();
    if (description.length > MAX_DESCRIPTION_LENGTH)
      throw new BadInputError('BAD_USER_INPUT', `A description of at most ${MAX_DESCRIPTION_LENGTH} characters`, {
        field: 'description',
      });
    const roles = [...new Set(input.roles)];
    if (roles.length === 0)
      throw new BadInputError('BAD_USER_INPUT', 'A service account needs at least one role', { field: 'roles' });
    assertMayGrant(this.viewer, roles, await loadTenantRoles(this.db), 'roles');
    const account = await this.#accounts.create({ name, description, roles, createdById: this.viewer.userId });
    await this.audit(this.db, {
      action: 'service_account.created',
      targetType: 'user',
      targetId: account.id,
      data: { name, roles: roles.join(' ') },
    });
    return account;
  }

  /** Revokes the account's keys (published at once), then deletes it. */
  async delete(id: string): Promise<boolean> {
    const account = isUuid(id) ? await this.#accounts.findById(id) : null;
    if (!account) throw new NotFoundError('Service account');
    const revoked = await revokeOwnerApiKeys(this.runtime, this.viewer.tenantId, account.id, 'owner_deleted');
    // Its OAuth clients go with it (the database cascades); this process forgets them at once,
    // others within seconds, so their client-credentials tokens stop with the account.
    const clients = (await new OAuthClientRepository(this.db).list()).filter(
      (client) => client.serviceAccountId === account.id,
    );
    await this.#accounts.delete(account.id);
    for (const client of clients) forgetOAuthClient(this.runtime, this.viewer.tenantId, client.id);
    await this.audit(this.db, {
      action: 'service_account.deleted',
      targetType: 'user',
      targetId: account.id,
      data: { name: account.name, keysRevoked: revoked.length, oauthClientsDeleted: clients.length },
    });
    return true;
  }
}
