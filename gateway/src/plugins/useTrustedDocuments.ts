import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { httpStatusOf, sendGraphQLError, type ErrorCode } from '@tradesage/core';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Trusted documents (GraphQL over HTTP, Appendix A "Persisted Documents"): the operations of our
 * own clients are persisted at build time by GraphQL Codegen (`persisted-documents.json`:
 * `"sha256:<hex>"` -> normalised document). A client sends `documentId` instead of `query`
 * (POST body or GET parameter), or Apollo's `extensions.persistedQuery.sha256Hash` with a
 * manifest hash; the gateway runs the stored text. With `only`, nothing else runs: a full
 * document is accepted only when its text is one of the manifests' (safelisting), anything else
 * is refused with PERSISTED_DOCUMENT_REQUIRED before it is parsed.
 */
export interface TrustedDocuments {
  /** The stored document of an id (`sha256:<hex>` or the bare hex). */
  byId(id: string): string | undefined;
  /** Whether a document's exact text is one of the stored ones. */
  has(text: string): boolean;
  readonly size: number;
}

/** The client SDK's manifest: the operations of our own clients (web app, console), loaded by every gateway. */
export const CLIENT_SDK_MANIFEST = fileURLToPath(import.meta.resolve('@tradesage/client/persisted-documents.json'));

const ID = /^(?:sha256:)?([0-9a-f]{64})$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Reads the manifests; a malformed one, or an entry whose text does not hash to its id, stops the start. */
export async function loadTrustedDocuments(files: readonly string[]): Promise<TrustedDocuments> {
  const documents = new Map<string, string>();
  for (const file of files) {
    const manifest: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
      throw new Error(`${file}: a persisted-documents manifest is a JSON object of "sha256:<hex>": document`);
    for (const [id, text] of Object.entries(manifest)) {
      const hash = ID.exec(id)?.[1];
      if (hash === undefined || typeof text !== 'string' || sha256(text) !== hash)
        throw new Error(`${file}: entry ${id.slice(0, 80)} is not a sha256 id of its document`);
      documents.set(hash, text);
    }
  }
  return {
    byId: (id) => {
      const hash = ID.exec(id)?.[1];
      return hash === undefined ? undefined : documents.get(hash);
    },
    has: (text) => documents.has(sha256(text)),
    size: documents.size,
  };
}

interface GraphQLParams {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

function persistedHashOf(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } }).persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

function refuse(res: Response, code: ErrorCode, message: string): void {
  sendGraphQLError(res, httpStatusOf(code), message, code);
}

/**
 * What the request asks to run, after the manifest lookup: `query` set to the stored document
 * when an id was sent; a refusal when the id is unknown or, with `only`, when nothing persisted
 * was sent.
 */
function resolve(
  params: GraphQLParams,
  documents: TrustedDocuments,
  only: boolean,
): { ok: true; query?: string } | { ok: false; code: ErrorCode; message: string } {
  const documentId = typeof params.documentId === 'string' ? params.documentId : undefined;
  const apqHash = persistedHashOf(params.extensions);
  if (documentId !== undefined || apqHash !== undefined) {
    const stored = documents.byId(documentId ?? `sha256:${apqHash ?? ''}`);
    if (stored !== undefined) return { ok: true, query: stored };
    // Apollo's automatic persisted queries register any document: without `only` they go on to
    // Apollo Server as before; a `documentId` names a persisted document and nothing else.
    if (documentId !== undefined || only)
      return { ok: false, code: 'PERSISTED_DOCUMENT_NOT_FOUND', message: 'No persisted document has this id' };
    return { ok: true };
  }
  if (only && !(typeof params.query === 'string' && documents.has(params.query)))
    return {
      ok: false,
      code: 'PERSISTED_DOCUMENT_REQUIRED',
      message: 'This API runs only persisted documents: send a documentId',
    };
  return { ok: true };
}

/** Express middleware for the GraphQL route, after the JSON body parser and before Apollo Server. */
export function useTrustedDocuments(documents: TrustedDocuments, options: { only: boolean }): RequestHandler {
  return (req: Request, res: Response, next) => {
    if (req.method === 'GET') {
      const url = new URL(req.url, 'http://gateway');
      const extensions = url.searchParams.get('extensions');
      let parsedExtensions: unknown;
      try {
        parsedExtensions = extensions === null ? undefined : JSON.parse(extensions);
      } catch {
        parsedExtensions = undefined;
      }
      const outcome = resolve(
        {
          query: url.searchParams.get('query') ?? undefined,
          documentId: url.searchParams.get('documentId') ?? undefined,
          extensions: parsedExtensions,
        },
        documents,
        options.only,
      );
      if (!outcome.ok) return refuse(res, outcome.code, outcome.message);
      if (outcome.query !== undefined) {
        url.searchParams.set('query', outcome.query);
        url.searchParams.delete('documentId');
        url.searchParams.delete('extensions');
        // express 5 reads req.query from the URL each time: the stored document is what Apollo sees.
        req.url = `${url.pathname}${url.search}`;
      }
      return next();
    }
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      if (options.only && body !== undefined)
        return refuse(res, 'PERSISTED_DOCUMENT_REQUIRED', 'This API runs only persisted documents: send a documentId');
      return next();
    }
    const params = body as GraphQLParams & Record<string, unknown>;
    const outcome = resolve(params, documents, options.only);
    if (!outcome.ok) return refuse(res, outcome.code, outcome.message);
    if (outcome.query !== undefined) {
      params.query = outcome.query;
      delete params.documentId;
      if (typeof params.extensions === 'object' && params.extensions !== null)
        delete (params.extensions as { persistedQuery?: unknown }).persistedQuery;
    }
    next();
  };
}
