import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isErrorCode } from '@tradesage/client';
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import {
  API_KEYS_PAGE,
  AppShell,
  CONNECTED_APPS_PAGE,
  ConsoleHome,
  RequirePermission,
  SECURITY_PAGE,
} from './components/AppShell.tsx';
import { StepUpProvider } from './components/StepUp.tsx';
import { MyAccount } from './pages/account/MyAccount.tsx';
import { AcceptInvitation, ForgotPassword, ResetPassword, VerifyEmail } from './pages/account/Recovery.tsx';
import { SignIn } from './pages/account/SignIn.tsx';
import { SignUp } from './pages/account/SignUp.tsx';
import { SessionProvider } from './session.tsx';
import './styles.css';

/**
 * A console screen for holders of `permission`, loaded with its route: the router fetches the
 * screen's chunk before it renders the route (in parallel with the session's own requests on a
 * first load), so no fallback flashes. The sign-in and account pages carry none of the console's
 * code, and Usage's charts load only with Usage.
 */
function screen<K extends string>(
  path: string,
  permission: string,
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): RouteObject {
  return {
    path,
    lazy: async () => {
      const Screen: ComponentType = (await load())[name];
      return {
        element: (
          <RequirePermission permission={permission}>
            <Screen />
          </RequirePermission>
        ),
      };
    },
  };
}

/** The pages; the gateway serves index.html for each of these paths (WEB_APP_ROUTES there). */
const router = createBrowserRouter([
  { path: '/login', element: <SignIn /> },
  { path: '/sign-up', element: <SignUp /> },
  { path: '/forgot-password', element: <ForgotPassword /> },
  { path: '/reset-password', element: <ResetPassword /> },
  { path: '/accept-invitation', element: <AcceptInvitation /> },
  { path: '/verify-email', element: <VerifyEmail /> },
  // An application's sign-in (OpenID Connect): public, it signs in itself when needed.
  {
    path: '/account/authorize',
    lazy: async () => ({ Component: (await import('./pages/account/Authorize.tsx')).Authorize }),
  },
  {
    element: <AppShell />,
    children: [
      { path: '/account', element: <MyAccount /> },
      {
        path: SECURITY_PAGE,
        lazy: async () => ({ Component: (await import('./pages/account/Security.tsx')).Security }),
      },
      {
        path: API_KEYS_PAGE,
        lazy: async () => ({ Component: (await import('./pages/account/ApiKeys.tsx')).ApiKeys }),
      },
      {
        path: CONNECTED_APPS_PAGE,
        lazy: async () => ({ Component: (await import('./pages/account/ConnectedApps.tsx')).ConnectedApps }),
      },
      screen('/console/users', 'users:read', () => import('./pages/console/Users.tsx'), 'Users'),
      screen('/console/users/:id', 'users:read', () => import('./pages/console/UserDetail.tsx'), 'UserDetail'),
      screen('/console/roles', 'roles:read', () => import('./pages/console/Roles.tsx'), 'Roles'),
      screen(
        '/console/api-keys',
        'apikeys:manage',
        () => import('./pages/console/ServiceAccounts.tsx'),
        'ServiceAccounts',
      ),
      screen('/console/applications', 'oauth:manage', () => import('./pages/console/Applications.tsx'), 'Applications'),
      screen('/console/sessions', 'sessions:read:any', () => import('./pages/console/Sessions.tsx'), 'Sessions'),
      screen('/console/flags', 'tenant:settings:write', () => import('./pages/console/Flags.tsx'), 'Flags'),
      screen('/console/audit', 'audit:read', () => import('./pages/console/Audit.tsx'), 'Audit'),
      screen('/console/settings', 'tenant:read', () => import('./pages/console/Settings.tsx'), 'Settings'),
      screen('/console/usage', 'tenant:read', () => import('./pages/console/Usage.tsx'), 'default'),
      screen('/console/tenants', 'tenants:read', () => import('./pages/console/Tenants.tsx'), 'Tenants'),
      { path: '/console', element: <ConsoleHome /> },
    ],
  },
  { path: '*', element: <Navigate to="/account" replace /> },
]);

const queryClient = new QueryClient({
  defaultOptions: {
    // Refusals are answers, not hiccups: retry only what may pass a moment later.
    queries: {
      retry: (count, error) =>
        count < 2 && isErrorCode(error, 'NETWORK_ERROR', 'SUBGRAPH_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'BUSY'),
    },
  },
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <StepUpProvider>
          <RouterProvider router={router} />
        </StepUpProvider>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
