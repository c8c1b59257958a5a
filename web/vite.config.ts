import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app (account pages and console) is built into `dist/` and served by the gateway from its
 * own origin, so the refresh cookie (`SameSite=Strict`, `__Host-`) works and every script comes
 * from `'self'` (no inline script: the gateway's CSP forbids them). `npm run dev` serves it with
 * hot reload and sends `/graphql` to a gateway started by `npm start` (GATEWAY_URL to change it).
 */
export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // The entry's module preloads are emitted as <link rel="modulepreload">, not an inline polyfill.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/graphql': process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:4000' },
  },
});
