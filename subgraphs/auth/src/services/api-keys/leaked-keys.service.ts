import {
  apiKeyNoticeMail,
  ApiKeyRepository,
  BadInputError,
  findApiKeyTenants,
  parseApiKey,
  publishApiKeyState,
  rateLimitedError,
  RateCounter,
  recordAudit,
  type Caller,
  type Runtime,
} from '@tradesage/core';

/** Strings one report may hold (as GitHub's credential revocation API). */
export const MAX_REPORTED_KEYS = 1000;
/** Reports per client address per hour. */
const REPORTS_PER_HOUR = 20;

const counters = new WeakMap<Runtime, RateCounter>();

function counterOf(runtime: Runtime): RateCounter {
  let counter = counters.get(runtime);
  if (!counter) {
    counter = new RateCounter(
      { name: 'leaked-api-keys', points: REPORTS_PER_HOUR, durationSeconds: 3600 },
      runtime.redis,
      runtime.logger,
    );
    counters.set(runtime, counter);
  }
  return counter;
}

/**
 * Anyone who found keys where they should not be (a secret scanner, a public repository) hands
 * them in: each string that is a key of this platform with a valid checksum and a stored hash is
 * revoked at once (published to every instance), audited in its tenant, and its owner — or, for a
 * service account, whoever created it — is emailed. The answer is the same whatever was found.
 */
export async function revokeLeakedApiKeys(
  runtime: Runtime,
  caller: Caller,
  keys: readonly string[],
  now = new Date(),
): Promise<{ received: number }> {
  if (keys.length > MAX_REPORTED_KEYS)
    throw new BadInputError('BAD_USER_INPUT', `At most ${MAX_REPORTED_KEYS} strings per report`, { field: 'keys' });
  const counted = await counterOf(runtime).hit(`ip:${caller.ip ?? 'unknown'}`);
  if (counted.exceeded) throw rateLimitedError(counted.msBeforeReset, 'Too many reports from this address');
  const hashes = [...new Set(keys.flatMap((key) => parseApiKey(key.trim())?.hash ?? []))];
  for (const found of await findApiKeyTenants(runtime.db.control, hashes)) {
    const db = runtime.db.tenant(found.tenantId);
    const repository = new ApiKeyRepository(runtime.db.control, db, found.tenantId);
    const key = await repository.findById(found.keyId);
    if (!key || !(await repository.revoke(key.id, 'leaked', now))) continue;
    await publishApiKeyState(runtime, found.tenantId, key.id, { revoked: true, until: key.expiresAt }, now);
    await recordAudit(
      db,
      runtime.logger,
      { ...caller, viewer: null },
      {
        action: 'api_key.revoked',
        actorId: null,
        targetType: 'api_key',
        targetId: key.id,
        data: { owner: key.ownerId, reason: 'leaked' },
      },
    );
    const recipient = await db.user.findUnique({
      where: { id: key.ownerKind === 'service' ? (key.createdById ?? key.ownerId) : key.ownerId },
      select: { email: true, kind: true },
    });
    if (recipient?.kind === 'person')
      runtime.mailer.dispatch(
        apiKeyNoticeMail({
          to: recipient.email,
          what: `The API key "${key.name}" (${key.environment === 'live' ? 'tsk_live_' : 'tsk_test_'}…${key.lastFour}) was reported as leaked and has been revoked; make a new one where it was used`,
          at: now,
        }),
      );
  }
  return { received: keys.length };
}
