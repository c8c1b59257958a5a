import { MyMfaDocument, ViewerDocument, type ViewerQuery } from '@tradesage/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, describeError, onSessionEnd } from './api.ts';

export type Viewer = ViewerQuery['me'] & {
  readonly permissions: readonly string[];
  /**
   * The tenant requires a second factor this person has not set up: until they do, the session may
   * only enrol one (everything else answers MFA_ENROLMENT_REQUIRED), so the app shows only that page.
   */
  readonly enrolmentOnly: boolean;
};

export type Session =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly notice?: string }
  | { readonly status: 'signed-in'; readonly viewer: Viewer };

interface SessionApi {
  readonly session: Session;
  /** Reads who is signed in again (after sign-in, or when roles may have changed). */
  reload(): Promise<void>;
  signOut(): Promise<void>;
  /** Whether the signed-in person holds a permission (the API still decides). */
  can(permission: string): boolean;
}

const SessionContext = createContext<SessionApi | null>(null);

/** The session of this tab: resumed from the refresh cookie at load, ended when the API ends it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      if (!api.signedIn && !(await api.resume())) {
        setSession({ status: 'signed-out' });
        return;
      }
      setSession({ status: 'signed-in', viewer: await readViewer() });
    } catch (error) {
      // The network or a busy API (a refresh the API refused ends quietly: resume answers false).
      setSession({ status: 'signed-out', notice: describeError(error) });
    }
  }, []);

  useEffect(() => {
    onSessionEnd((reason) => setSession({ status: 'signed-out', notice: describeError(reason) }));
    void reload();
  }, [reload]);

  const value = useMemo<SessionApi>(
    () => ({
      session,
      reload,
      async signOut() {
        await api.signOut();
        setSession({ status: 'signed-out' });
      },
      can: (permission) => session.status === 'signed-in' && session.viewer.permissions.includes(permission),
    }),
    [session, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * Who is signed in and what they may do. An enrolment-only session (the tenant requires a second
 * factor, the person has none) may read these too, but nothing else until it enrols one.
 */
async function readViewer(): Promise<Viewer> {
  const [{ me, myPermissions }, { me: own }] = await Promise.all([
    api.request(ViewerDocument),
    api.request(MyMfaDocument),
  ]);
  const enrolmentOnly = own.mfa !== null && own.mfa.required && own.mfa.factors.length === 0;
  return { ...me, permissions: myPermissions.permissions, enrolmentOnly };
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
