import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LoginDocument, MyIdDocument } from '@tradesage/client';
import { startTestStack, TEST_USER_AGENT, useTestStack, type TestStack } from './support/fixtures.ts';

/**
 * Trusted documents: our own clients' operations, persisted at build time by GraphQL Codegen
 * (the client SDK's persisted-documents.json), run by id; with TRUSTED_DOCUMENTS=only
 * nothing else runs.
 */

const MANIFEST = fileURLToPath(import.meta.resolve('@tradesage/client/persisted-documents.json'));
/** The id GraphQL Codegen embedded in a generated document (`persistedDocuments.mode: embedHashInDocument`). */
const idOf = (document: object) => (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? '';

const [accepting] = useTestStack(() => startTestStack({ env: { TRUSTED_DOCUMENTS_MANIFESTS: MANIFEST } }));
const [only] = useTestStack(() =>
  startTestStack({ env: { TRUSTED_DOCUMENTS_MANIFESTS: MANIFEST, TRUSTED_DOCUMENTS: 'only' } }),
);

interface Answer {
  data?: { login: { accessToken: string }; me: { id: string } } & Record<string, unknown>;
  errors?: Array<{ extensions: { code: string } }>;
}

async function post(t: TestStack, body: Record<string, unknown>, token?: string) {
  const response = await fetch(t.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': TEST_USER_AGENT,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}

/** Signs the platform administrator in by the persisted Login document; returns the access token. */
async function signInById(t: TestStack): Promise<string> {
  const { email, password } = t.platformAdmin;
  const login = await post(t, {
    documentId: idOf(LoginDocument),
    variables: { input: { tenant: 'platform', email, password } },
  });
  expect(login.body.errors).toBeUndefined();
  return login.body.data?.login.accessToken ?? '';
}

describe('documents by id (TRUSTED_DOCUMENTS=accept, the default)', () => {
  it('runs a persisted document by its id, over POST and GET', async () => {
    const token = await signInById(accepting);
    const me = await post(accepting, { documentId: idOf(MyIdDocument) }, token);
    expect(me.status).toBe(200);
    expect(me.body.data?.me.id).toMatch(/^[0-9a-f-]{36}$/);

    const url = new URL(accepting.gatewayUrl);
    url.searchParams.set('documentId', idOf(MyIdDocument));
    const get = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': '1' } });
    expect(((await get.json()) as { data: { me: { id: string } } }).data.me.id).toBe(me.body.data?.me.id);
  });

  it('refuses an unknown id with PERSISTED_DOCUMENT_NOT_FOUND, and still runs full documents', async () => {
    const unknown = await post(accepting, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions.code).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
    const full = await post(accepting, { query: '{ __typename }' });
    expect(full.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('only persisted documents (TRUSTED_DOCUMENTS=only)', () => {
  it('runs persisted documents by id, and by their exact text', async () => {
    const token = await signInById(only);
    expect((await post(only, { documentId: idOf(MyIdDocument) }, token)).body.data?.me.id).toMatch(/^[0-9a-f-]/);
    const text = 'query MyId { me { id } }';
    expect((await post(only, { query: text }, token)).body.data?.me.id).toMatch(/^[0-9a-f-]/);
    // Apollo's persisted-query extension with a manifest hash works too.
    const hash = idOf(MyIdDocument).replace('sha256:', '');
    const apq = await post(only, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, token);
    expect(apq.body.data?.me.id).toMatch(/^[0-9a-f-]/);
  });

  it('refuses any other document before it runs, with PERSISTED_DOCUMENT_REQUIRED', async () => {
    const token = await signInById(only);
    for (const query of ['{ me { id } }', 'query MyId { me { id email } }', '{ __schema { types { name } } }']) {
      const refused = await post(only, { query }, token);
      expect(refused.status, query).toBe(400);
      expect(refused.body.errors?.[0]?.extensions.code, query).toBe('PERSISTED_DOCUMENT_REQUIRED');
      expect(refused.body.data, query).toBeUndefined();
    }
    const url = new URL(only.gatewayUrl);
    url.searchParams.set('query', '{ me { id } }');
    const get = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as { errors: [{ extensions: { code: string } }] }).errors[0].extensions.code).toBe(
      'PERSISTED_DOCUMENT_REQUIRED',
    );
  });

  it('does not let automatic persisted queries register a document', async () => {
    const query = '{ me { id email } }';
    const sha256Hash = (await import('node:crypto')).createHash('sha256').update(query).digest('hex');
    const register = await post(only, { query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(register.body.errors?.[0]?.extensions.code).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
    const replay = await post(only, { extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(replay.body.errors?.[0]?.extensions.code).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
  });
});
