import { describe, expect, it } from 'vitest';
import {
  DeactivateUserDocument,
  LoginDocument,
  MyIdDocument,
  ReactivateUserDocument,
  RefreshDocument,
} from '@tradesage/client';
import { addSignedInUser, addTestUser, codeOf, signIn, startTestStack, useTestStack } from './support/fixtures.ts';

const [t, a, b] = useTestStack(startTestStack, { prefix: 'lifea' }, { prefix: 'lifeb' });

describe('deactivating a user', () => {
  it('ends every session at once, refuses login and refresh, and reactivation restores sign-in', async () => {
    const { id: traderId, email, password } = await addTestUser(t, a, 'trader');
    const laptop = await signIn(t, a.slug, email, password);
    const phone = await signIn(t, a.slug, email, password);
    expect((await t.request(MyIdDocument, {}, { token: laptop.token })).body.errors).toBeUndefined();

    const off = await t.request(DeactivateUserDocument, { id: traderId }, { token: a.admin.token });
    expect(off.body.errors).toBeUndefined();
    expect(off.body.data?.deactivateUser.status).toBe('DISABLED');

    for (const session of [laptop, phone]) {
      const refused = await t.request(MyIdDocument, {}, { token: session.token });
      expect(refused.status).toBe(401);
      expect(codeOf(refused)).toBe('UNAUTHENTICATED');
      expect(codeOf(await t.request(RefreshDocument, { input: { refreshToken: session.refreshToken } }))).toBe(
        'INVALID_REFRESH_TOKEN',
      );
    }
    expect(codeOf(await t.request(LoginDocument, { input: { tenant: a.slug, email, password } }))).toBe(
      'INVALID_CREDENTIALS',
    );

    const on = await t.request(ReactivateUserDocument, { id: traderId }, { token: a.admin.token });
    expect(on.body.data?.reactivateUser.status).toBe('ACTIVE');
    expect((await signIn(t, a.slug, email, password)).token).toBeTruthy();
    const audit = await t.stack.runtime.db
      .tenant(a.id)
      .auditEvent.findMany({ where: { targetId: traderId, action: { in: ['user.deactivated', 'user.reactivated'] } } });
    expect(audit.map((e) => e.action).sort()).toEqual(['user.deactivated', 'user.reactivated']);
  });

  it('needs users:write, stays inside the tenant and refuses deactivating yourself', async () => {
    const viewer = await addSignedInUser(t, a, 'viewer');
    const deactivate = (id: string, token: string) => t.request(DeactivateUserDocument, { id }, { token });
    expect(codeOf(await deactivate(a.admin.id, viewer.token))).toBe('FORBIDDEN');
    expect(codeOf(await deactivate(b.admin.id, a.admin.token))).toBe('NOT_FOUND');
    expect((await t.request(MyIdDocument, {}, { token: b.admin.token })).body.errors).toBeUndefined();
    expect(codeOf(await deactivate(a.admin.id, a.admin.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.request(ReactivateUserDocument, { id: a.admin.id }, { token: a.admin.token }))).toBe(
      'CONFLICT',
    );
  });
});
