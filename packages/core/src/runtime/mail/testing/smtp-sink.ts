import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lowercased. */
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: ReadonlyMap<string, unknown>;
  readonly raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  /** Every message received, in order. */
  readonly messages: readonly ReceivedMail[];
  /**
   * The oldest message to `to` (optionally with a matching subject) not returned before, waiting
   * for it to arrive. Each message is returned once, so a test can follow a flow mail by mail.
   */
  next(to: string, options?: { subject?: RegExp; timeoutMs?: number }): Promise<ReceivedMail>;
  /** Messages to `to` not returned by `next` yet. */
  unread(to: string): ReceivedMail[];
  close(): Promise<void>;
}

/** The single-use token in a link of a message (`...?token=...`). */
export function tokenFromMail(mail: ReceivedMail): string {
  const match = /[?&]token=([^\s"'<>&]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no token link in "${mail.subject}"`);
  return decodeURIComponent(match[1]);
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives,
 * parsed with `mailparser`: tests send through nodemailer exactly as production does and
 * follow the links that arrive. No TLS and no AUTH: it listens on 127.0.0.1 only.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const taken = new WeakSet<ReceivedMail>();
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              to,
              from,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers,
              raw: raw.toString('utf8'),
            });
            for (const wake of [...waiters]) wake();
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('smtp sink has no port');

  const matching = (to: string, subject?: RegExp) =>
    messages.filter((m) => !taken.has(m) && m.to.includes(to.toLowerCase()) && (!subject || subject.test(m.subject)));

  return {
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    unread: (to) => matching(to),
    async next(to, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      for (;;) {
        const found = matching(to, options.subject)[0];
        if (found) {
          taken.add(found);
          return found;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new Error(`no mail to ${to}${options.subject ? ` matching ${String(options.subject)}` : ''} arrived`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, remaining);
          waiters.add(wake);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
