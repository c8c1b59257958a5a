import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { PasswordHasher } from './password-hasher.ts';

const hasher = new PasswordHasher({ cost: 10, threads: 1, maxQueue: 2 });

afterAll(async () => {
  await hasher.close();
});

describe('PasswordHasher', () => {
  it('hashes off the event loop and verifies', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    expect(await hasher.verify('correct horse battery staple', hash)).toBe(true);
    expect(await hasher.verify('wrong horse battery staple', hash)).toBe(false);
  });

  it('refuses passwords bcrypt would truncate, counting bytes not characters', async () => {
    await expect(hasher.hash('a'.repeat(73))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    // 24 three-byte characters = 72 bytes: accepted; one more is 75 bytes: refused.
    await expect(hasher.hash('€'.repeat(24))).resolves.toMatch(/^\$2/);
    await expect(hasher.hash('€'.repeat(25))).rejects.toBeInstanceOf(AppError);
    const hash = await hasher.hash('a'.repeat(72));
    expect(await hasher.verify(`${'a'.repeat(72)}b`, hash)).toBe(false);
  });

  it('answers a missing hash with false after doing the same work', async () => {
    expect(await hasher.verify('anything-at-all', null)).toBe(false);
  });

  it('flags hashes made with another cost for upgrade', async () => {
    const strong = new PasswordHasher({ cost: 11, threads: 1, maxQueue: 4 });
    try {
      expect(strong.needsRehash(await hasher.hash('some long password'))).toBe(true);
      expect(strong.needsRehash(await strong.hash('some long password'))).toBe(false);
    } finally {
      await strong.close();
    }
  });

  it('answers BUSY with a retry hint when the queue is full instead of queueing without bound', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => hasher.hash('queue pressure password')));
    const busy = results.filter((r) => r.status === 'rejected');
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'BUSY', details: { retryAfterSeconds: 1 } });
    }
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
  });
});
