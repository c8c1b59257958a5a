import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';
import type { RuruClientConfig } from 'ruru/server';
import { serveStatic } from 'ruru/static';

/** The explorer's page; its scripts, styles and Ruru's prebuilt bundle are served beneath it. */
export const EXPLORER_PATH = '/explorer';
/** Ruru's static files (GraphiQL, React, Monaco and its workers), from the `ruru` npm package. */
const RURU_PATH = `${EXPLORER_PATH}/static/`;
const ASSETS = new Map([
  [`${EXPLORER_PATH}/explorer.js`, fileURLToPath(new URL('./explorer/explorer.js', import.meta.url))],
  [`${EXPLORER_PATH}/explorer.css`, fileURLToPath(new URL('./explorer/explorer.css', import.meta.url))],
]);

/**
 * The explorer's own policy (CSP Level 3; ASVS 3.4.3), whatever the gateway-wide headers say:
 * every script, style, font, worker and request comes from this origin, nothing is evaluated
 * (no 'unsafe-eval') and no inline script runs. Inline styles are allowed because the editor
 * (Monaco) and GraphiQL write `<style>` elements at run time; styles cannot run code. No framing:
 * the page sends bearer tokens.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Shown in the Headers editor; commented out so an unchanged hint sends no Authorization header. */
const HEADERS_HINT = `{
  // Paste the accessToken from login after "Bearer " and remove the two slashes:
  // "Authorization": "Bearer <accessToken>"
}`;

const FIRST_QUERY = `# TradeSage API explorer, served by the gateway itself (works offline).
#
# 1. Sign in (\`npm start\` prints the demo credentials):
#    mutation { login(input: { tenant: "demo", email: "admin@demo.tradesage.dev", password: "..." }) { ... on AuthPayload { accessToken } } }
# 2. Paste the accessToken into the Headers tab below.
# 3. Run this:
{
  me {
    id
    email
  }
}
`;

export interface ExplorerOptions {
  /** Where the page sends operations: the gateway's own GraphQL path. */
  graphqlPath: string;
  /** Apollo Sandbox is served at `graphqlPath`: the page links to it. */
  sandbox: boolean;
}

/**
 * GraphiQL for people without Apollo's CDN: Ruru (Graphile's GraphiQL distribution), whose
 * prebuilt browser bundle ships in the npm package and is served from here, so the page loads
 * nothing from any other origin.
 */
export function useExplorer(options: ExplorerOptions): Router {
  const router = express.Router();
  const page = explorerPage(options);
  const ruruFiles = serveStatic(RURU_PATH);

  router.use(EXPLORER_PATH, (_req, res, next) => {
    res.setHeader('content-security-policy', EXPLORER_CSP);
    res.setHeader('x-frame-options', 'DENY');
    next();
  });
  router.get(EXPLORER_PATH, (_req, res) => {
    res.type('html').send(page);
  });
  for (const [route, file] of ASSETS) {
    router.get(route, (_req, res, next) => {
      // Called after every transfer; an error before anything was sent goes to the error handler.
      res.sendFile(file, { cacheControl: false }, (error?: Error) => {
        if (error && !res.headersSent) next(error);
      });
    });
  }
  router.get(`${RURU_PATH}*file`, revalidate, (req, res, next) => ruruFiles(req, res, next));
  return router;
}

/**
 * The bundle is large and changes only with the package: cache it, but ask before each use (ETag).
 * Ruru answers brotli to clients that accept it and plain bytes to others.
 */
const revalidate: RequestHandler = (_req, res, next) => {
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('vary', 'accept-encoding');
  next();
};

function explorerPage({ graphqlPath, sandbox }: ExplorerOptions): string {
  const config: RuruClientConfig & { endpoint: string; staticPath: string; defaultEditorToolsVisibility: 'headers' } = {
    endpoint: graphqlPath,
    staticPath: RURU_PATH,
    initialQuery: FIRST_QUERY,
    defaultQuery: FIRST_QUERY,
    initialHeaders: HEADERS_HINT,
    defaultHeaders: HEADERS_HINT,
    defaultEditorToolsVisibility: 'headers',
    // Ruru's SQL "explain" is PostGraphile's; this API has none.
    debugTools: [],
  };
  // A JSON data block is never run; `<` escaped so nothing in it can close the element.
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  const sandboxLink = sandbox
    ? `<a href="${graphqlPath}">Apollo Sandbox</a> <span>(loads from Apollo's CDN: needs internet)</span>`
    : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>TradeSage API explorer</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${RURU_PATH}ruru.css" />
    <link rel="stylesheet" href="${EXPLORER_PATH}/explorer.css" />
    <link rel="modulepreload" href="${RURU_PATH}ruru.js" />
    <script type="application/json" id="explorer-config">${json}</script>
    <script type="module" src="${EXPLORER_PATH}/explorer.js"></script>
  </head>
  <body>
    <header class="explorer-bar">
      <strong>TradeSage API explorer</strong>
      <span>Sign in with <code>login</code>, then paste its <code>accessToken</code> into Headers.</span>
      ${sandboxLink}
    </header>
    <div id="ruru-root"></div>
  </body>
</html>
`;
}
