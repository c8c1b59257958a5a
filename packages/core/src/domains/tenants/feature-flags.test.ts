import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { featureFlagProblems, isFeatureFlagOn, rolloutBucket, type FeatureFlagDefinition } from './feature-flags.ts';

const base: FeatureFlagDefinition = {
  key: 'new-ui',
  kind: 'boolean',
  enabled: true,
  percentage: null,
  allowedUserIds: [],
  startsAt: null,
  endsAt: null,
};
const now = new Date('2030-06-01T12:00:00Z');
const users = Array.from({ length: 2000 }, () => randomUUID());

describe('feature flag evaluation', () => {
  it('boolean: on for everyone, and the kill switch turns any kind off', () => {
    expect(isFeatureFlagOn(base, { userId: users[0] ?? '', now })).toBe(true);
    expect(isFeatureFlagOn({ ...base, enabled: false }, { userId: users[0] ?? '', now })).toBe(false);
    expect(
      isFeatureFlagOn(
        { ...base, kind: 'percentage', percentage: 100, enabled: false },
        { userId: users[0] ?? '', now },
      ),
    ).toBe(false);
  });

  it('percentage: buckets are stable, 0..99, spread evenly, and differ between flags', () => {
    const buckets = users.map((id) => rolloutBucket('new-ui', id));
    expect(users.map((id) => rolloutBucket('new-ui', id))).toEqual(buckets);
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThanOrEqual(99);
    const share = buckets.filter((b) => b < 25).length / users.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    const other = users.map((id) => rolloutBucket('other-flag', id));
    expect(other).not.toEqual(buckets);
  });

  it('percentage: raising the rollout only adds users', () => {
    const flag = { ...base, kind: 'percentage' as const };
    const at = (percentage: number) =>
      new Set(users.filter((userId) => isFeatureFlagOn({ ...flag, percentage }, { userId, now })));
    const ten = at(10);
    const fifty = at(50);
    expect([...ten].every((id) => fifty.has(id))).toBe(true);
    expect(at(0).size).toBe(0);
    expect(at(100).size).toBe(users.length);
  });

  it('allow list: on only for the listed users', () => {
    const [a = '', b = ''] = users;
    const flag = { ...base, kind: 'allow_list' as const, allowedUserIds: [a] };
    expect(isFeatureFlagOn(flag, { userId: a, now })).toBe(true);
    expect(isFeatureFlagOn(flag, { userId: b, now })).toBe(false);
  });

  it('time window: from inclusive, to exclusive, either end open', () => {
    const startsAt = new Date('2030-06-01T00:00:00Z');
    const endsAt = new Date('2030-06-02T00:00:00Z');
    const flag = { ...base, kind: 'time_window' as const, startsAt, endsAt };
    const userId = users[0] ?? '';
    expect(isFeatureFlagOn(flag, { userId, now: startsAt })).toBe(true);
    expect(isFeatureFlagOn(flag, { userId, now: new Date(startsAt.getTime() - 1) })).toBe(false);
    expect(isFeatureFlagOn(flag, { userId, now: endsAt })).toBe(false);
    expect(isFeatureFlagOn({ ...flag, endsAt: null }, { userId, now: new Date('2099-01-01T00:00:00Z') })).toBe(true);
  });
});

describe('feature flag definitions', () => {
  const valid = { ...base, description: '' };

  it('accept a valid definition of each kind', () => {
    expect(featureFlagProblems(valid)).toEqual([]);
    expect(featureFlagProblems({ ...valid, kind: 'percentage', percentage: 30 })).toEqual([]);
    expect(featureFlagProblems({ ...valid, kind: 'allow_list', allowedUserIds: [users[0] ?? ''] })).toEqual([]);
    expect(featureFlagProblems({ ...valid, kind: 'time_window', startsAt: now })).toEqual([]);
  });

  it('name every wrong field', () => {
    const paths = (flag: Parameters<typeof featureFlagProblems>[0]) => featureFlagProblems(flag).map((p) => p.path);
    expect(paths({ ...valid, key: 'Bad Key' })).toEqual(['key']);
    expect(paths({ ...valid, kind: 'percentage', percentage: 101 })).toEqual(['percentage']);
    expect(paths({ ...valid, kind: 'percentage', percentage: null })).toEqual(['percentage']);
    expect(paths({ ...valid, percentage: 5 })).toEqual(['percentage']);
    expect(paths({ ...valid, kind: 'allow_list', allowedUserIds: ['nope'] })).toEqual(['allowedUserIds.0']);
    expect(paths({ ...valid, kind: 'time_window' })).toEqual(['startsAt']);
    expect(paths({ ...valid, kind: 'time_window', startsAt: now, endsAt: now })).toEqual(['endsAt']);
    expect(paths({ ...valid, endsAt: now })).toEqual(['endsAt']);
  });
});
