import { Redis } from 'ioredis';

/**
 * A Redis client whose every command fails at once when the server is not there: it connects on
 * first use, queues nothing offline, never retries nor reconnects, and its connection errors are
 * not reported (the commands reject instead).
 */
export function failFastRedis(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  return client;
}
