import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function logged(write: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown> {
  const lines: string[] = [];
  write(createLogger({ level: 'info', name: 'test', destination: { write: (line) => lines.push(line) } }));
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string) as Record<string, unknown>;
}

describe('logger redaction', () => {
  it('redacts an API key header on a line holding no other secret', () => {
    const line = logged((logger) => logger.info({ headers: { 'x-api-key': 'tsk_test_alone', accept: 'json' } }, 'key'));
    expect(JSON.stringify(line)).not.toContain('tsk_test_alone');
  });

  it('writes no credential, token, cookie or variables at any level the paths name', () => {
    const input = { email: 'a@b.example', password: 'hunter2-secret' };
    const users = [{ id: 'u1', password: 'hunter3-secret' }];
    const line = logged((logger) =>
      logger.info(
        {
          password: 'top-secret',
          input,
          users,
          req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=xyz', accept: 'json' } },
          headers: { 'x-api-key': 'tsk_test_key-in-a-header' },
          created: { secret: 'tsk_test_key-in-an-answer' },
          result: { accessToken: 'tok-1', refreshToken: 'tok-2', kept: 'visible' },
          variables: { anything: 1 },
          tenant: { adminPassword: 'admin-secret' },
        },
        'with secrets',
      ),
    );
    const text = JSON.stringify(line);
    for (const secret of [
      'top-secret',
      'hunter2',
      'hunter3',
      'abc.def.ghi',
      'sid=xyz',
      'tok-1',
      'tok-2',
      'admin-secret',
      'key-in-a-header',
      'key-in-an-answer',
    ])
      expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      password: '[redacted]',
      input: { email: 'a@b.example', password: '[redacted]' },
      users: [{ id: 'u1', password: '[redacted]' }],
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'json' } },
      result: { accessToken: '[redacted]', refreshToken: '[redacted]', kept: 'visible' },
      variables: '[redacted]',
      tenant: { adminPassword: '[redacted]' },
    });
    expect(line).not.toHaveProperty('restore');
    // The caller's objects are left as they were.
    expect(input.password).toBe('hunter2-secret');
    expect(users[0]?.password).toBe('hunter3-secret');
  });

  it('writes a line without such keys as it is', () => {
    const line = logged((logger) =>
      logger.info({ requestId: 'r-1', errorCodes: ['BAD_USER_INPUT'], nested: { a: { b: 1 } } }, 'plain'),
    );
    expect(line).toMatchObject({
      requestId: 'r-1',
      errorCodes: ['BAD_USER_INPUT'],
      nested: { a: { b: 1 } },
      msg: 'plain',
    });
  });
});
