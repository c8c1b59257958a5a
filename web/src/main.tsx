import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isErrorCode } from '@tradesage/client';
import { lazy, StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppShell, ConsoleHome, RequirePermission } from './components/AppShell.tsx';
import { MyAccount } from './pages/account/MyAccount.tsx';
import { AcceptInvitation, ForgotPassword, ResetPassword, VerifyEmail } from './pages/account/Recovery.tsx';
import { SignIn } from './pages/account/SignIn.tsx';
import { SignUp } from './pages/account/SignUp.tsx';
import { SessionProvider } from './session.tsx';
import './styles.css';

/**
 * Each console screen loads with its route (AppShell shows "Loading…" meanwhile): the sign-in and
 * account pages carry none of the console's code, and Usage's charts load only with Usage.
 */
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}
const Users = screen(() => import('./pages/console/Users.tsx'), 'Users');
const UserDetail = screen(() => import('./pages/console/UserDetail.tsx'), 'UserDetail');
const Roles = screen(() => import('./pages/console/Roles.tsx'), 'Roles');
const Sessions = screen(() => import('./pages/console/Sessions.tsx'), 'Sessions');
const Flags = screen(() => import('./pages/console/Flags.tsx'), 'Flags');
const Audit = screen(() => import('./pages/console/Audit.tsx'), 'Audit');
const Settings = screen(() => import('./pages/console/Settings.tsx'), 'Settings');
const Usage = lazy(() => import('./pages/console/Usage.tsx'));
const Tenants = screen(() => import('./pages/console/Tenants.tsx'), 'Tenants');

/** The pages; the gateway serves index.html for each of these paths (WEB_APP_ROUTES there). */

const router = createBrowserRouter([
  { path: '/login', element: <SignIn /> },
  { path: '/sign-up', element: <SignUp /> },
  { path: '/forgot-password', element: <ForgotPassword /> },
  { path: '/reset-password', element: <ResetPassword /> },
  { path: '/accept-invitation', element: <AcceptInvitation /> },
  { path: '/verify-email', element: <VerifyEmail /> },
  {
    element: <AppShell />,
    children: [
      { path: '/account', element: <MyAccount /> },
      {
        path: '/console/users',
        element: (
          <RequirePermission permission="users:read">
            <Users />
          </RequirePermission>
        ),
      },
      {
        path: '/console/users/:id',
        element: (
          <RequirePermission permission="users:read">
            <UserDetail />
          </RequirePermission>
        ),
      },
      {
        path: '/console/roles',
        element: (
          <RequirePermission permission="roles:read">
            <Roles />
          </RequirePermission>
        ),
      },
      {
        path: '/console/sessions',
        element: (
          <RequirePermission permission="sessions:read:any">
            <Sessions />
          </RequirePermission>
        ),
      },
      {
        path: '/console/flags',
        element: (
          <RequirePermission permission="tenant:settings:write">
            <Flags />
          </RequirePermission>
        ),
      },
      {
        path: '/console/audit',
        element: (
          <RequirePermission permission="audit:read">
            <Audit />
          </RequirePermission>
        ),
      },
      {
        path: '/console/settings',
        element: (
          <RequirePermission permission="tenant:read">
            <Settings />
          </RequirePermission>
        ),
      },
      {
        path: '/console/usage',
        element: (
          <RequirePermission permission="tenant:read">
            <Usage />
          </RequirePermission>
        ),
      },
      {
        path: '/console/tenants',
        element: (
          <RequirePermission permission="tenants:read">
            <Tenants />
          </RequirePermission>
        ),
      },
      { path: '/console', element: <ConsoleHome /> },
    ],
  },
  { path: '*', element: <Navigate to="/account" replace /> },
]);

const queryClient = new QueryClient({
  defaultOptions: {
    // Refusals are answers, not hiccups: retry only what may pass a moment later.
    queries: {
      retry: (count, error) => count < 2 && isErrorCode(error, 'NETWORK_ERROR', 'SUBGRAPH_UNAVAILABLE', 'BUSY'),
    },
  },
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
