import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
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
    await expect(hasher.hash('a'.repeat(73))).rejects.toMatchObject({ code: 'PASSWORD_TOO_LONG' });
    // 24 three-byte characters = 72 bytes: accepted; one more is 75 bytes: refused.
    await expect(hasher.hash('€'.repeat(24))).resolves.toMatch(/^\$2/);
    await expect(hasher.hash('€'.repeat(25))).rejects.toBeInstanceOf(AppError);
    const hash = await hasher.hash('a'.repeat(72));
    expect(await hasher.verify(`${'a'.repeat(72)}b`, hash)).toBe(false);
  });

  it('normalises to NFC, so a composed and a decomposed accent are the same password', async () => {
    const hash = await hasher.hash('caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    expect(await hasher.verify('cafe\u0301 au lait, s\u2019il vous plai\u0302t', hash)).toBe(true);
  });

  it('keeps the event loop free during a login storm (hashing runs on worker threads)', async () => {
    // A property, not a benchmark. Counted in CPU time of this thread (process.threadCpuUsage), not
    // in wall-clock delay, so a machine busy with other work cannot make it pass or fail: were
    // hashing on the event loop, this thread would spend a whole hash of CPU on each one.
    const storm = new PasswordHasher({ cost: 10, threads: 2, maxQueue: 64 });
    const cpuMicrosSince = (start: NodeJS.CpuUsage): number => {
      const used = process.threadCpuUsage(start);
      return used.user + used.system;
    };
    try {
      await storm.hash('warm up the pool first');
      // The instrument works: one hash on this thread costs this thread the CPU of a whole hash.
      let start = process.threadCpuUsage();
      bcrypt.hashSync('blocking on purpose', 10);
      const oneHashOnThisThread = cpuMicrosSince(start);
      expect(oneHashOnThisThread).toBeGreaterThan(10_000);

      start = process.threadCpuUsage();
      const hashes = await Promise.all(Array.from({ length: 24 }, (_, i) => storm.hash(`storm password ${i}`)));
      const stormOnThisThread = cpuMicrosSince(start);
      expect(hashes).toHaveLength(24);
      expect(new Set(hashes).size).toBe(24);
      // 24 hashes here would cost ~24 x oneHashOnThisThread; off the loop it only passes messages.
      expect(stormOnThisThread).toBeLessThan(4 * oneHashOnThisThread);
    } finally {
      await storm.close();
    }
    // The property is in CPU time; wall time only grows with the machine's other work (24 cost-10
    // hashes on two threads take ~1.5 s idle, several times that beside a full test run).
  }, 30_000);

  it('uses cost 12 unless configured, and never below 10', () => {
    expect(loadConfig({}).passwords.bcryptCost).toBe(12);
    expect(loadConfig({ BCRYPT_COST: '10' }).passwords.bcryptCost).toBe(10);
    expect(() => loadConfig({ BCRYPT_COST: '9' })).toThrow(ConfigError);
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

  it('bounds the queue by default (8 per thread) so a storm gets BUSY instead of minutes of waiting', async () => {
    const defaults = new PasswordHasher({ cost: 10, threads: 1 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => defaults.hash('default queue password')),
      );
      const busy = results.filter((r) => r.status === 'rejected').length;
      // One running + at most 8 queued succeed; the rest are refused at once.
      expect(results.length - busy).toBeLessThanOrEqual(10);
      expect(busy).toBeGreaterThanOrEqual(10);
    } finally {
      await defaults.close();
    }
  });
});
