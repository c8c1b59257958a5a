import { describe, expect, it } from 'vitest';
import { afterFailure, lockStatus, LOCKOUT_STEPS_SECONDS, UNLOCKED, type LockoutState } from './lockout.ts';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Fails `times` times at `now`, returning the final state and every lock taken. */
function fail(state: LockoutState, times: number, now: Date, threshold = 5) {
  const locks: Array<{ level: number; permanent: boolean; until: Date | null }> = [];
  let current = state;
  let counted = 0;
  for (let i = 0; i < times; i++) {
    const outcome = afterFailure(current, threshold, now);
    current = outcome.next;
    if (outcome.counted) counted++;
    if (outcome.lockedNow) locks.push(outcome.lockedNow);
  }
  return { state: current, locks, counted };
}

describe('lockout ladder', () => {
  it('has the steps 1 min, 5 min, 30 min, 24 h', () => {
    expect(LOCKOUT_STEPS_SECONDS).toEqual([60, 300, 1800, 86_400]);
  });

  it('locks after exactly `threshold` consecutive failures, for 1 minute', () => {
    const four = fail(UNLOCKED, 4, T0);
    expect(four.locks).toEqual([]);
    expect(lockStatus(four.state, T0)).toEqual({ locked: false });
    const five = fail(four.state, 1, T0);
    expect(five.locks).toEqual([{ level: 1, permanent: false, until: at(60) }]);
    expect(lockStatus(five.state, at(59))).toMatchObject({ locked: true, permanent: false });
    expect(lockStatus(five.state, at(60))).toEqual({ locked: false });
  });

  it('honours the tenant threshold', () => {
    expect(fail(UNLOCKED, 2, T0, 3).locks).toEqual([]);
    expect(fail(UNLOCKED, 3, T0, 3).locks).toHaveLength(1);
  });

  it('climbs 1 min, 5 min, 30 min, 24 h, then locks permanently', () => {
    let state = UNLOCKED;
    let now = T0;
    const durations: Array<number | null> = [];
    for (let lock = 0; lock < 5; lock++) {
      const run = fail(state, 5, now);
      expect(run.locks).toHaveLength(1);
      const taken = run.locks[0];
      if (!taken) throw new Error('no lock');
      durations.push(taken.until ? (taken.until.getTime() - now.getTime()) / 1000 : null);
      state = run.state;
      // Move the clock past the lock.
      now = taken.until ? new Date(taken.until.getTime() + 1000) : new Date(now.getTime() + 365 * 86_400_000);
    }
    expect(durations).toEqual([60, 300, 1800, 86_400, null]);
    expect(state.lockedPermanently).toBe(true);
    // A permanent lock never expires on its own.
    expect(lockStatus(state, new Date(now.getTime() + 10 * 365 * 86_400_000))).toEqual({
      locked: true,
      permanent: true,
      until: null,
    });
  });

  it('does not count failures while locked, so they do not climb the ladder', () => {
    const locked = fail(UNLOCKED, 5, T0).state;
    const hammering = fail(locked, 100, at(30));
    expect(hammering.counted).toBe(0);
    expect(hammering.locks).toEqual([]);
    expect(hammering.state).toEqual(locked);
    // After expiry, the next lock is the second step (5 min), not beyond.
    const next = fail(hammering.state, 5, at(61));
    expect(next.locks).toEqual([{ level: 2, permanent: false, until: at(61 + 300) }]);
  });

  it('a success resets the count and the ladder (UNLOCKED), so the next run starts at 1 minute again', () => {
    const afterTwoLocks = fail(fail(UNLOCKED, 5, T0).state, 5, at(61)).state;
    expect(afterTwoLocks.lockoutLevel).toBe(2);
    // (the service writes UNLOCKED after a successful login)
    const again = fail(UNLOCKED, 5, at(10_000));
    expect(again.locks).toEqual([{ level: 1, permanent: false, until: at(10_060) }]);
  });

  it('counts failures below the threshold from where they were', () => {
    const three = fail(UNLOCKED, 3, T0).state;
    expect(three.failedLoginCount).toBe(3);
    expect(fail(three, 2, T0).locks).toHaveLength(1);
  });
});
