import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { Logger } from '../logger.ts';
import { ensurePrivateDir } from '../private-dir.ts';
import { maskPhoneNumber } from './phone-number.ts';

/** One text message. The body usually holds a one-time code: it is never logged. */
export interface SmsMessage {
  /** E.164 (see `parsePhoneNumber`). */
  readonly to: string;
  readonly body: string;
}

export interface SmsSender {
  /** Where messages go: Twilio's Messages API, or the development outbox folder. */
  readonly kind: 'twilio' | 'outbox';
  /** Delivers now; rejects when Twilio (or the outbox folder) refuses it. */
  send(message: SmsMessage): Promise<void>;
  /** Waits for deliveries under way, then releases the connections. */
  close(): Promise<void>;
}

export interface SmsSettings {
  readonly twilio?: {
    readonly accountSid: string;
    /** Secret: never logged, never in an error message. */
    readonly authToken: string;
    /** The sending number (E.164) or alphanumeric sender id; exactly one of `from` and `messagingServiceSid`. */
    readonly from?: string;
    readonly messagingServiceSid?: string;
    /** Test hook: the origin standing in for `https://api.twilio.com`. */
    readonly baseUrl?: string;
    /** Test hook: the request timeout, 10 s unless given. */
    readonly timeoutMs?: number;
  };
  /** Without Twilio every message is written here (folder 0700, files 0600). */
  readonly outboxDir: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Twilio's Messages API when `settings.twilio` is given; otherwise every message is written to
 * `outboxDir` as a JSON file and one line is logged with the masked destination and the file.
 * Neither path logs the body (it holds a one-time code) nor a destination in clear.
 */
export function createSmsSender(settings: SmsSettings, logger: Logger): SmsSender {
  const pending = new Set<Promise<void>>();
  const track = (delivery: Promise<void>): Promise<void> => {
    pending.add(delivery);
    return delivery.finally(() => pending.delete(delivery));
  };

  if (settings.twilio) {
    const { deliver, release } = twilioDelivery(settings.twilio, logger);
    return {
      kind: 'twilio',
      send: (message) => track(deliver(message)),
      async close() {
        await Promise.allSettled([...pending]);
        release();
      },
    };
  }

  const { outboxDir } = settings;
  return {
    kind: 'outbox',
    send: (message) =>
      track(
        writeToOutbox(outboxDir, message).then((file) => {
          logger.info({ to: maskPhoneNumber(message.to), file }, 'sms written to the outbox');
        }),
      ),
    async close() {
      await Promise.allSettled([...pending]);
    },
  };
}

function twilioDelivery(
  settings: NonNullable<SmsSettings['twilio']>,
  logger: Logger,
): { deliver: (message: SmsMessage) => Promise<void>; release: () => void } {
  const { accountSid, authToken, from, messagingServiceSid, baseUrl } = settings;
  if (Boolean(from) === Boolean(messagingServiceSid))
    throw new Error('Twilio needs exactly one of a sending number (from) and a messaging service sid');
  const sender = from ? { from } : { messagingServiceSid: messagingServiceSid as string };

  // Timeout: the socket timeout and the whole request's (axios); no automatic retry, so a slow
  // Twilio never makes the user wait past it nor receive the same code twice.
  const options = { timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS, autoRetry: false };
  const httpClient = baseUrl ? new RebasedRequestClient(baseUrl, options) : new twilio.RequestClient(options);
  const client = twilio(accountSid, authToken, {
    httpClient,
    // Set here so the library does not fall back to TWILIO_EDGE / TWILIO_REGION / TWILIO_LOG_LEVEL
    // from the environment (config is its one reader): its `debug` level prints request bodies.
    edge: '',
    region: '',
    logLevel: 'info',
  });

  return {
    async deliver(message) {
      const to = maskPhoneNumber(message.to);
      let sid: string;
      try {
        ({ sid } = await client.messages.create({ to: message.to, body: message.body, ...sender }));
      } catch (error) {
        throw twilioError(error);
      }
      logger.info({ to, sid }, 'sms sent');
    },
    release() {
      // Free keep-alive sockets to Twilio: nothing more will be sent.
      const agent: unknown = httpClient.axios.defaults.httpsAgent;
      if (agent instanceof http.Agent) agent.destroy();
    },
  };
}

/** The stock client, with every request sent to `baseUrl`'s origin instead of Twilio's. */
class RebasedRequestClient extends twilio.RequestClient {
  readonly #origin: URL;
  constructor(baseUrl: string, options: RequestClient.RequestClientOptions) {
    super(options);
    this.#origin = new URL(baseUrl);
  }
  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const uri = new URL(options.uri);
    uri.protocol = this.#origin.protocol;
    uri.host = this.#origin.host;
    return super.request({ ...options, uri: uri.href });
  }
}

/**
 * What went wrong, without what was sent: Twilio's errors and axios' carry the request (the body,
 * the Authorization header) in their fields, so neither is kept as the `cause`. Twilio's own
 * `message` is left out too: it may quote the destination number. Its code says it all
 * (https://www.twilio.com/docs/api/errors/<code>).
 */
function twilioError(error: unknown): Error {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const { status, code } = fields;
  if (typeof status === 'number') {
    const twilioCode = typeof code === 'number' ? `error ${code}, ` : '';
    return new Error(`Twilio refused the message (${twilioCode}HTTP ${status})`);
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return new Error(`Twilio did not answer in time (${code})`);
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return new Error(`Twilio could not be reached (${code})`);
  return new Error('Twilio request failed');
}

async function writeToOutbox(dir: string, message: SmsMessage): Promise<string> {
  // The body holds a live one-time code: only its owner may read it.
  await ensurePrivateDir(dir);
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}.sms.json`;
  const file = path.join(dir, name);
  const content = { to: message.to, body: message.body, createdAt: new Date().toISOString() };
  await fs.writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
