import { NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../session.tsx';

/** The console's screens in the navigation: who may use each (the API decides anyway), where, and its name. */
const CONSOLE_SCREENS: ReadonlyArray<readonly [permission: string, path: string, label: string]> = [
  ['tenants:read', '/console/tenants', 'Tenants'],
  ['users:read', '/console/users', 'Users'],
  ['roles:read', '/console/roles', 'Roles'],
  ['apikeys:manage', '/console/api-keys', 'Service accounts'],
  ['oauth:manage', '/console/applications', 'Applications'],
  ['sessions:read:any', '/console/sessions', 'Sessions'],
  ['tenant:read', '/console/settings', 'Settings'],
  ['tenant:settings:write', '/console/flags', 'Flags'],
  ['tenant:read', '/console/usage', 'Usage'],
  ['audit:read', '/console/audit', 'Audit log'],
];

/** Where people manage their second factors; an enrolment-only session is kept here until it enrols one. */
export const SECURITY_PAGE = '/account/security';

/** The signed-in person's own API keys (personal access tokens). */
export const API_KEYS_PAGE = '/account/api-keys';

/** The applications the signed-in person let act on their behalf (OpenID Connect sign-ins). */
export const CONNECTED_APPS_PAGE = '/account/apps';

/**
 * The frame of the signed-in pages: navigation (only what the person may use) and sign out. A
 * session that must enrol a second factor first sees the security page only.
 */
export function AppShell() {
  const { session, signOut, can } = useSession();
  const location = useLocation();
  if (session.status === 'loading')
    return (
      <p role="status" className="p-8 text-slate-600">
        Loading…
      </p>
    );
  if (session.status === 'signed-out')
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  const { viewer } = session;
  if (viewer.enrolmentOnly && location.pathname !== SECURITY_PAGE) return <Navigate to={SECURITY_PAGE} replace />;
  const item = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-2 text-sm font-medium ${isActive ? 'bg-indigo-100 text-indigo-900' : 'text-slate-700 hover:bg-slate-100'}`;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
            <span className="mr-4 font-bold text-indigo-800">TradeSage</span>
            {!viewer.enrolmentOnly && (
              <NavLink to="/account" end className={item}>
                My account
              </NavLink>
            )}
            <NavLink to={SECURITY_PAGE} className={item}>
              Security
            </NavLink>
            {!viewer.enrolmentOnly && (
              <NavLink to={API_KEYS_PAGE} className={item}>
                API keys
              </NavLink>
            )}
            {!viewer.enrolmentOnly && (
              <NavLink to={CONNECTED_APPS_PAGE} className={item}>
                Connected apps
              </NavLink>
            )}
            {CONSOLE_SCREENS.filter(([permission]) => can(permission)).map(([, to, label]) => (
              <NavLink key={to} to={to} className={item}>
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-700">
              {viewer.displayName ?? viewer.email} · {viewer.tenant.slug}
            </span>
            <button type="button" className="btn-secondary" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        <Outlet />
      </main>
    </div>
  );
}

/** `/console`: the first console screen the signed-in person may use. */
export function ConsoleHome() {
  const { can } = useSession();
  const first = [
    ['tenants:read', '/console/tenants'],
    ['users:read', '/console/users'],
    ['tenant:read', '/console/settings'],
  ].find(([permission]) => can(permission as string));
  return <Navigate to={first?.[1] ?? '/account'} replace />;
}

/** A console screen for holders of `permission` only (the API decides anyway). */
export function RequirePermission({ permission, children }: { permission: string; children: React.ReactNode }) {
  const { can } = useSession();
  if (!can(permission))
    return (
      <p role="alert" className="text-slate-700">
        You do not have access to this page.
      </p>
    );
  return children;
}
