import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createMailer } from './mailer.ts';
import { accountLink, passwordResetMail } from './templates.ts';
import { startSmtpSink, tokenFromMail, type SmtpSink } from './testing/smtp-sink.ts';

const FROM = 'TradeSage <no-reply@tradesage.test>';
const APP_URL = 'https://app.tradesage.test';
const TOKEN = 'v1.secret-tenant-part.secret-random-part';

function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function config(overrides: { smtpUrl?: string; outboxDir?: string }) {
  return {
    mail: {
      smtpUrl: overrides.smtpUrl ? new Secret(overrides.smtpUrl) : undefined,
      from: FROM,
      appUrl: APP_URL,
      outboxDir: overrides.outboxDir ?? path.join(os.tmpdir(), 'unused-outbox'),
    },
  };
}

const message = () =>
  passwordResetMail({ to: 'Ada@Example.test', link: accountLink(APP_URL, 'reset-password', TOKEN), validMinutes: 30 });

describe('mailer over SMTP', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it('delivers through a real SMTP server, and the link in it carries the token', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = createMailer(config({ smtpUrl: sink.url }), logger);
    expect(mailer.kind).toBe('smtp');
    await mailer.send(message());
    await mailer.close();

    const mail = await sink.next('ada@example.test');
    expect(mail.subject).toBe('Reset your TradeSage password');
    expect(mail.from).toBe('no-reply@tradesage.test');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(tokenFromMail(mail)).toBe(TOKEN);
    expect(mail.html).toContain(`href="${APP_URL}/reset-password?token=`);
    // The log says who and what, never the link.
    const sent = lines().find((l) => l['msg'] === 'mail sent');
    expect(sent).toMatchObject({ to: 'Ada@Example.test', subject: 'Reset your TradeSage password' });
    expect(JSON.stringify(lines())).not.toContain('secret-random-part');
  });

  it('dispatch delivers in the background and close waits for it', async () => {
    const mailer = createMailer(config({ smtpUrl: sink.url }), capturingLogger().logger);
    mailer.dispatch({ ...message(), to: 'background@example.test' });
    await mailer.close();
    expect(sink.unread('background@example.test')).toHaveLength(1);
  });

  it('send rejects and dispatch logs when the SMTP server is unreachable', async () => {
    const closed = await startSmtpSink();
    const url = closed.url;
    await closed.close();
    const { logger, lines } = capturingLogger();
    const mailer = createMailer(config({ smtpUrl: url }), logger);
    await expect(mailer.send(message())).rejects.toThrow();
    mailer.dispatch(message());
    await mailer.close();
    expect(lines().filter((l) => l['msg'] === 'mail delivery failed')).toHaveLength(1);
  });
});

describe('mailer without SMTP (development outbox)', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-outbox-'));
  });
  afterEach(async () => {
    await fs.rm(path.join(root, 'outbox'), { recursive: true, force: true });
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('writes each message as an .eml file only its owner can read and logs one line without the link', async () => {
    const outboxDir = path.join(root, 'outbox');
    const { logger, lines } = capturingLogger();
    const mailer = createMailer(config({ outboxDir }), logger);
    expect(mailer.kind).toBe('outbox');
    await mailer.send(message());
    await mailer.send({ ...message(), to: 'second@example.test' });
    await mailer.close();

    const files = (await fs.readdir(outboxDir)).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
    expect((await fs.stat(outboxDir)).mode & 0o777).toBe(0o700);
    const file = path.join(outboxDir, files[0] ?? '');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

    const parsed = await simpleParser(await fs.readFile(file));
    expect(parsed.subject).toBe('Reset your TradeSage password');
    expect(parsed.text).toContain(`${APP_URL}/reset-password?token=`);

    const written = lines().filter((l) => l['msg'] === 'mail written to the outbox');
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ to: 'Ada@Example.test', subject: 'Reset your TradeSage password' });
    expect(String(written[0]?.['file'])).toMatch(new RegExp(`^${outboxDir}/.+\\.eml$`));
    expect(JSON.stringify(lines())).not.toContain('secret-random-part');
    expect(JSON.stringify(lines())).not.toContain('reset-password?token');
  });

  it('tightens an existing outbox folder to 0700', async () => {
    const outboxDir = path.join(root, 'outbox');
    await fs.mkdir(outboxDir, { mode: 0o755 });
    await fs.chmod(outboxDir, 0o755);
    const mailer = createMailer(config({ outboxDir }), capturingLogger().logger);
    await mailer.send(message());
    await mailer.close();
    expect((await fs.stat(outboxDir)).mode & 0o777).toBe(0o700);
  });
});
