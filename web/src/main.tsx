import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isErrorCode } from '@tradesage/client';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppShell, ConsoleHome, RequirePermission } from './components/AppShell.tsx';
import { MyAccount } from './pages/account/MyAccount.tsx';
import { AcceptInvitation, ForgotPassword, ResetPassword, VerifyEmail } from './pages/account/Recovery.tsx';
import { SignIn } from './pages/account/SignIn.tsx';
import { SignUp } from './pages/account/SignUp.tsx';
import { Audit } from './pages/console/Audit.tsx';
import { Flags } from './pages/console/Flags.tsx';
import { Roles } from './pages/console/Roles.tsx';
import { Settings } from './pages/console/Settings.tsx';
import { Tenants } from './pages/console/Tenants.tsx';
import { UserDetail } from './pages/console/UserDetail.tsx';
import { Users } from './pages/console/Users.tsx';
import { SessionProvider } from './session.tsx';
import './styles.css';

/** The pages; the gateway serves index.html for each of these paths (WEB_APP_ROUTES there). */
/** Charts load only with the screen that shows them: the first screen stays small. */
const Usage = lazy(() => import('./pages/console/Usage.tsx'));

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
            <Suspense fallback={<p role="status">Loading…</p>}>
              <Usage />
            </Suspense>
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
