import pg from 'pg';

export interface NotificationListener {
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Every notification on the channel (its payload). */
  onNotification(payload: string): void;
  /**
   * The connection is listening (first time, or again after it was lost): notifications sent
   * while it was not were missed, so the caller re-reads what they would have told.
   */
  onListening(): void;
  /** The connection failed or was lost; it reconnects after `retryMs`. */
  onError?(error: Error): void;
  retryMs?: number;
}

/**
 * LISTEN on one channel over a connection of its own (never one of the pool's: it is held for
 * the life of the process), reconnecting after a loss.
 */
export function listenForNotifications(
  connectionString: string,
  channel: string,
  options: ListenOptions,
): NotificationListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const retryMs = options.retryMs ?? 1_000;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const lost = (failed: pg.Client, error: Error): void => {
    if (client !== failed) return;
    client = undefined;
    failed.removeAllListeners();
    failed.on('error', () => undefined);
    failed.end().catch(() => undefined);
    if (closed) return;
    options.onError?.(error);
    retry = setTimeout(connect, retryMs);
    retry.unref();
  };

  const connect = (): void => {
    if (closed) return;
    const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000, keepAlive: true });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === channel) options.onNotification(message.payload ?? '');
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error('notification connection ended')));
    next
      .connect()
      .then(() => next.query(`LISTEN ${channel}`))
      .then(() => {
        if (client === next && !closed) options.onListening();
      })
      .catch((error: unknown) => lost(next, error instanceof Error ? error : new Error(String(error))));
  };

  connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
