import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../logger.ts';
import { createSmsSender, type SmsSettings } from './sms-sender.ts';

const TO = '+447400123456';
const MASKED_TO = '+4474******56';
const FROM = '+14155550123';
const CODE = '493817';
const BODY = `Your TradeSage sign-in code is ${CODE}`;

function capturingLogger(): { logger: Logger; text: () => string; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const text = () => chunks.join('');
  return {
    logger: pino({ level: 'trace' }, stream),
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

interface TwilioRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly form: URLSearchParams;
}

/** Answers one request; `undefined` leaves it hanging (a Twilio that does not answer). */
type Reply = (request: TwilioRequest, res: ServerResponse) => void;

/** A loopback HTTP server standing in for api.twilio.com, answering with `reply`. */
async function startFakeTwilio(reply: Reply) {
  const requests: TwilioRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      requests.push(request);
      reply(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, status: number, body: object) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** Twilio's answer to a created message (trimmed to what the library reads). */
const created: Reply = (request, res) =>
  json(res, 201, {
    sid: `SM${crypto.randomBytes(16).toString('hex')}`,
    status: 'queued',
    to: request.form.get('To'),
    from: request.form.get('From'),
    body: request.form.get('Body'),
  });

function twilioSettings(baseUrl: string, overrides: Partial<NonNullable<SmsSettings['twilio']>> = {}): SmsSettings {
  return {
    twilio: {
      accountSid: `AC${crypto.randomBytes(16).toString('hex')}`,
      authToken: crypto.randomBytes(16).toString('hex'),
      from: FROM,
      baseUrl,
      ...overrides,
    },
    outboxDir: path.join(os.tmpdir(), 'unused-sms-outbox'),
  };
}

describe('sms sender over Twilio', () => {
  const servers: Array<{ close: () => Promise<void> }> = [];
  async function fakeTwilio(reply: Reply) {
    const server = await startFakeTwilio(reply);
    servers.push(server);
    return server;
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('posts To, From and Body to the account Messages resource with basic auth and logs no body', async () => {
    const twilio = await fakeTwilio(created);
    const settings = twilioSettings(twilio.url);
    const { accountSid, authToken } = settings.twilio ?? { accountSid: '', authToken: '' };
    const { logger, text, lines } = capturingLogger();
    const sender = createSmsSender(settings, logger);
    expect(sender.kind).toBe('twilio');
    await sender.send({ to: TO, body: BODY });
    await sender.close();

    expect(twilio.requests).toHaveLength(1);
    const [request] = twilio.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
    );
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request?.form ?? [])).toEqual({ To: TO, From: FROM, Body: BODY });

    const sent = lines().filter((line) => line['msg'] === 'sms sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: MASKED_TO });
    expect(String(sent[0]?.['sid'])).toMatch(/^SM[0-9a-f]{32}$/);
    expect(text()).not.toContain(CODE);
    expect(text()).not.toContain(TO);
    expect(text()).not.toContain(authToken);
  });

  it('sends through a messaging service when one is configured instead of a number', async () => {
    const twilio = await fakeTwilio(created);
    const messagingServiceSid = `MG${crypto.randomBytes(16).toString('hex')}`;
    const settings = twilioSettings(twilio.url, { from: undefined, messagingServiceSid });
    const sender = createSmsSender(settings, capturingLogger().logger);
    await sender.send({ to: TO, body: BODY });
    await sender.close();
    expect(Object.fromEntries(twilio.requests[0]?.form ?? [])).toEqual({
      To: TO,
      MessagingServiceSid: messagingServiceSid,
      Body: BODY,
    });
  });

  it('refuses settings with both or neither of a number and a messaging service', () => {
    const { logger } = capturingLogger();
    const both = twilioSettings('http://127.0.0.1:9', { messagingServiceSid: 'MG0' });
    const neither = twilioSettings('http://127.0.0.1:9', { from: undefined });
    expect(() => createSmsSender(both, logger)).toThrow(/exactly one/);
    expect(() => createSmsSender(neither, logger)).toThrow(/exactly one/);
  });

  it("rejects with Twilio's error code and status, never the token, the body or the number", async () => {
    const twilio = await fakeTwilio((request, res) =>
      json(res, 400, {
        code: 21211,
        message: `The 'To' number ${request.form.get('To')} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      }),
    );
    const settings = twilioSettings(twilio.url);
    const authToken = settings.twilio?.authToken ?? '';
    const { logger, text } = capturingLogger();
    const sender = createSmsSender(settings, logger);
    const error = await sender.send({ to: TO, body: BODY }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    await sender.close();

    expect(error).toBeInstanceOf(Error);
    const { message, cause } = error as Error;
    expect(message).toContain('21211');
    expect(message).toContain('400');
    const everything = `${message} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
    for (const secret of [authToken, Buffer.from(authToken).toString('base64'), CODE, TO])
      expect(everything).not.toContain(secret);
    expect(cause).toBeUndefined();
    expect(text()).not.toContain(CODE);
  });

  it('rejects when Twilio answers a server error', async () => {
    const twilio = await fakeTwilio((_request, res) => res.writeHead(503).end('upstream unavailable'));
    const sender = createSmsSender(twilioSettings(twilio.url), capturingLogger().logger);
    await expect(sender.send({ to: TO, body: BODY })).rejects.toThrow(/HTTP 503/);
    await sender.close();
  });

  it('gives up on a Twilio that does not answer, after the timeout', async () => {
    const twilio = await fakeTwilio(() => {
      // Never answers.
    });
    const sender = createSmsSender(twilioSettings(twilio.url, { timeoutMs: 300 }), capturingLogger().logger);
    const started = Date.now();
    await expect(sender.send({ to: TO, body: BODY })).rejects.toThrow(/did not answer in time/);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
    expect(twilio.requests).toHaveLength(1);
    await sender.close();
  });

  it('rejects when Twilio cannot be reached', async () => {
    const closed = await startFakeTwilio(created);
    await closed.close();
    const sender = createSmsSender(twilioSettings(closed.url), capturingLogger().logger);
    await expect(sender.send({ to: TO, body: BODY })).rejects.toThrow(/could not be reached \(ECONNREFUSED\)/);
    await sender.close();
  });
});

describe('sms sender without Twilio (development outbox)', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'tradesage-sms-outbox-'));
  });
  afterEach(async () => {
    await fs.rm(path.join(root, 'outbox'), { recursive: true, force: true });
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('writes each message to a file only its owner can read and logs one line without the body', async () => {
    const outboxDir = path.join(root, 'outbox');
    const { logger, text, lines } = capturingLogger();
    const sender = createSmsSender({ outboxDir }, logger);
    expect(sender.kind).toBe('outbox');
    await sender.send({ to: TO, body: BODY });
    await sender.send({ to: '+33612345678', body: 'Your TradeSage sign-in code is 100200' });
    await sender.close();

    const files = (await fs.readdir(outboxDir)).sort();
    expect(files).toHaveLength(2);
    expect((await fs.stat(outboxDir)).mode & 0o777).toBe(0o700);
    const contents = await Promise.all(
      files.map(async (name) => {
        const file = path.join(outboxDir, name);
        expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
        return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
      }),
    );
    expect(contents).toContainEqual(expect.objectContaining({ to: TO, body: BODY }));

    const written = lines().filter((line) => line['msg'] === 'sms written to the outbox');
    expect(written).toHaveLength(2);
    expect(written.map((line) => line['to'])).toEqual([MASKED_TO, '+336******78']);
    for (const line of written)
      expect(path.join(outboxDir, path.basename(String(line['file'])))).toBe(String(line['file']));
    expect(files.map((name) => path.join(outboxDir, name))).toEqual(written.map((line) => String(line['file'])).sort());
    expect(text()).not.toContain(CODE);
    expect(text()).not.toContain('100200');
    expect(text()).not.toContain(TO);
  });

  it('tightens an existing outbox folder to 0700', async () => {
    const outboxDir = path.join(root, 'outbox');
    await fs.mkdir(outboxDir, { mode: 0o755 });
    await fs.chmod(outboxDir, 0o755);
    const sender = createSmsSender({ outboxDir }, capturingLogger().logger);
    await sender.send({ to: TO, body: BODY });
    await sender.close();
    expect((await fs.stat(outboxDir)).mode & 0o777).toBe(0o700);
  });

  it('rejects when the outbox cannot be written', async () => {
    const blocker = path.join(root, 'outbox');
    await fs.writeFile(blocker, 'not a folder');
    const { logger, text } = capturingLogger();
    const sender = createSmsSender({ outboxDir: path.join(blocker, 'sms') }, logger);
    await expect(sender.send({ to: TO, body: BODY })).rejects.toThrow();
    await sender.close();
    expect(text()).not.toContain(CODE);
  });
});
