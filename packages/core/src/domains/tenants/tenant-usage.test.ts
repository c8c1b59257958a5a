import { describe, expect, it } from 'vitest';
import { apiCallCounterKey, usageWindow } from './tenant-usage.ts';

describe('usage windows', () => {
  const now = new Date('2030-03-02T15:30:00Z');

  it('are whole UTC days ending today', () => {
    expect(usageWindow('day', now)).toEqual({ from: new Date('2030-03-02T00:00:00Z'), to: now, days: ['2030-03-02'] });
    const week = usageWindow('week', now);
    expect(week.from).toEqual(new Date('2030-02-24T00:00:00Z'));
    expect(week.days).toEqual([
      '2030-02-24',
      '2030-02-25',
      '2030-02-26',
      '2030-02-27',
      '2030-02-28',
      '2030-03-01',
      '2030-03-02',
    ]);
    expect(usageWindow('month', now).days).toHaveLength(30);
  });

  it('count under the tenant hash tag', () => {
    expect(apiCallCounterKey('t1', '2030-03-02')).toBe('{t:t1}:usage:api:2030-03-02');
  });
});
