import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { ensurePrivateDir } from '../private-dir.ts';

/** One message, already rendered (see templates.ts). */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface Mailer {
  /** Where mail goes: an SMTP server, or the development outbox folder. */
  readonly kind: 'smtp' | 'outbox';
  /** Delivers now; rejects when the SMTP server (or the outbox folder) refuses it. */
  send(message: MailMessage): Promise<void>;
  /**
   * Delivers in the background: the request does not wait for the SMTP round trip (so its
   * timing does not depend on whether a message was sent) and a failure is logged, not thrown.
   */
  dispatch(message: MailMessage): void;
  /** Waits for background deliveries, then closes the transport. */
  close(): Promise<void>;
}

/** Headers on every message: RFC 3834 automatic mail, so auto-responders stay quiet. */
const HEADERS = { 'Auto-Submitted': 'auto-generated' } as const;

/**
 * nodemailer over SMTP when `SMTP_URL` is set; otherwise every message is written to
 * `OUTBOX_DIR` as an .eml file (folder 0700, files 0600: they hold live links) and one line
 * is logged with the recipient, subject and file. Neither path ever logs a link or token.
 */
export function createMailer(config: Pick<Config, 'mail'>, logger: Logger): Mailer {
  const { smtpUrl, from, outboxDir } = config.mail;
  const pending = new Set<Promise<void>>();
  let deliver: (message: MailMessage) => Promise<void>;
  let closeTransport: () => void;

  if (smtpUrl) {
    const transport = createTransport({
      url: smtpUrl.reveal(),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    deliver = async (message) => {
      const info = await transport.sendMail({ from, headers: HEADERS, ...message });
      logger.info({ to: message.to, subject: message.subject, messageId: info.messageId }, 'mail sent');
    };
    closeTransport = () => transport.close();
  } else {
    const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    deliver = async (message) => {
      const info = await transport.sendMail({ from, headers: HEADERS, ...message });
      const file = await writeToOutbox(outboxDir, info.message);
      logger.info({ to: message.to, subject: message.subject, file }, 'mail written to the outbox');
    };
    closeTransport = () => transport.close();
  }

  return {
    kind: smtpUrl ? 'smtp' : 'outbox',
    send: deliver,
    dispatch(message) {
      const delivery = deliver(message)
        .catch((error: unknown) => {
          logger.error(
            { err: (error as Error).message, to: message.to, subject: message.subject },
            'mail delivery failed',
          );
        })
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    async close() {
      await Promise.allSettled([...pending]);
      closeTransport();
    },
  };
}

async function writeToOutbox(dir: string, message: Buffer | NodeJS.ReadableStream): Promise<string> {
  if (!Buffer.isBuffer(message)) throw new Error('the outbox transport must buffer messages');
  // It holds live links: only its owner may read it.
  await ensurePrivateDir(dir);
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}.eml`;
  const file = path.join(dir, name);
  await fs.writeFile(file, message, { mode: 0o600, flag: 'wx' });
  return file;
}
