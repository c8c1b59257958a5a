import { describe, expect, it } from 'vitest';
import { RETRY_RESERVE, RetryBudget } from './retry-budget.ts';

describe('RetryBudget', () => {
  it('starts with its reserve and refuses once it is spent', () => {
    const budget = new RetryBudget(0);
    for (let i = 0; i < RETRY_RESERVE; i++) expect(budget.withdraw()).toBe(true);
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(false);
  });

  it('earns one retry per 100/percent calls, exactly', () => {
    const budget = new RetryBudget(10);
    while (budget.withdraw());
    for (let i = 0; i < 9; i++) budget.deposit();
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(true);
    expect(budget.withdraw()).toBe(false);
  });

  it('never holds more than its reserve: a long healthy spell does not buy a retry storm', () => {
    const budget = new RetryBudget(50);
    for (let i = 0; i < 10_000; i++) budget.deposit();
    let retries = 0;
    while (budget.withdraw()) retries += 1;
    expect(retries).toBe(RETRY_RESERVE);
  });

  it('keeps retries within reserve + percent of the calls', () => {
    for (const percent of [0, 5, 10, 33, 100]) {
      const budget = new RetryBudget(percent);
      let retries = 0;
      for (let call = 1; call <= 1_000; call++) {
        budget.deposit();
        while (budget.withdraw()) retries += 1;
        expect(retries).toBeLessThanOrEqual(RETRY_RESERVE + (percent * call) / 100);
      }
    }
  });

  it('refuses a percent outside 0..100', () => {
    expect(() => new RetryBudget(101)).toThrow(RangeError);
    expect(() => new RetryBudget(-1)).toThrow(RangeError);
  });
});
