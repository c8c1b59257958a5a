import { reportSecurityEvent, TenantCounter, type Caller, type Runtime } from '@tradesage/core';

/**
 * Unusual API volume from one user (a stolen token scraping data, a runaway script): more than
 * `UNUSUAL_API_VOLUME_PER_MINUTE` operations of one user within a minute, counted in Redis across
 * every gateway. Detection only, kept apart from the rate limits: the crossing is reported once as
 * a security event (audited as `api.throttled`, severity medium, alerted), and the user is refused
 * for `UNUSUAL_API_VOLUME_BLOCK_SECONDS`; the event says so.
 */
export class UnusualVolumeDetector {
  readonly #runtime: Runtime;
  readonly #counter: TenantCounter | undefined;
  readonly #blockSeconds: number;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    const { unusualVolumePerMinute, unusualVolumeBlockSeconds } = runtime.config.securityEvents;
    this.#blockSeconds = unusualVolumeBlockSeconds;
    this.#counter =
      unusualVolumePerMinute > 0
        ? new TenantCounter(
            { name: 'api-volume', points: unusualVolumePerMinute, durationSeconds: 60 },
            runtime.config.redisUrl ? runtime.redis : undefined,
            runtime.logger,
          )
        : undefined;
  }

  /**
   * Counts one operation of the caller (anonymous callers are the address limits' business) and
   * returns how many milliseconds the user is refused for: 0 while the volume is usual.
   */
  async observe(caller: Caller): Promise<number> {
    const viewer = caller.viewer;
    if (!this.#counter || !viewer) return 0;
    const state = await this.#counter.hit(viewer.tenantId, viewer.userId);
    if (!state.exceeded) return 0;
    // Counting is atomic in Redis: exactly one operation, on one gateway, sees the crossing.
    if (state.count !== this.#counter.rule.points + 1) return state.msBeforeReset;
    await this.#counter.block(viewer.tenantId, viewer.userId, this.#blockSeconds);
    // The user is refused either way; a report that fails (audit write) is logged, not the caller's error.
    await reportSecurityEvent(this.#runtime, caller, {
      kind: 'unusual_api_volume',
      severity: 'medium',
      tenantId: viewer.tenantId,
      userId: viewer.userId,
      action: 'api.throttled',
      response: { action: 'user_throttled', seconds: this.#blockSeconds },
      details: { operationsPerMinute: this.#counter.rule.points + 1, limitPerMinute: this.#counter.rule.points },
    }).catch((error: unknown) => {
      this.#runtime.logger.error(
        { err: error instanceof Error ? error.message : String(error), requestId: caller.requestId },
        'unusual API volume: the security event could not be recorded',
      );
    });
    return this.#blockSeconds * 1000;
  }
}
