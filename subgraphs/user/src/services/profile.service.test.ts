import { AppError } from '@tradesage/core';
import { describe, expect, it } from 'vitest';
import { profileChanges } from './profile.service.ts';

describe('profileChanges', () => {
  it('writes only the fields given: a value normalised, null or "" cleared', () => {
    expect(profileChanges({})).toEqual({});
    expect(profileChanges({ locale: 'en-gb', timezone: undefined })).toEqual({ locale: 'en-GB' });
    expect(
      profileChanges({ firstName: null, lastName: '  ', displayName: null, avatarUrl: '', locale: null, timezone: '' }),
    ).toEqual({
      firstName: '',
      lastName: '',
      displayName: null,
      avatarUrl: null,
      locale: null,
      timezone: null,
    });
  });

  it('refuses the whole input when any field is refused, naming every refused field', () => {
    let caught: unknown;
    try {
      profileChanges({ firstName: 'Fine', timezone: 'Mars/Base', avatarUrl: 'http://10.1.2.3/a.png' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('BAD_USER_INPUT');
    expect((caught as AppError).details).toMatchObject({
      field: 'timezone',
      reason: 'invalid_timezone',
      fields: [
        { field: 'timezone', reason: 'invalid_timezone' },
        { field: 'avatarUrl', reason: 'host_not_public' },
      ],
    });
  });
});
