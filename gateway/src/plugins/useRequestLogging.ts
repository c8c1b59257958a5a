import type { ApolloServerPlugin } from '@apollo/server';
import { findAppError, type Logger } from '@tradesage/core';
import type { GatewayContext } from '../context.ts';

const MAX_OPERATION_NAME = 100;

/**
 * One log line per GraphQL operation: request id, operation name and type, duration, HTTP
 * status, error count and codes, and the tenant when authenticated. Never variables, documents
 * or headers: they carry passwords and tokens (ASVS 16.2.5). Requests refused before the
 * operation starts (401 in the context) are logged where they are refused.
 */
export function useRequestLogging(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, operation, request, response, errors }) {
          const body = response.body;
          const sent = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          // Codes before masking (operators need DOWNSTREAM_SERVICE_ERROR, not the client's view).
          // Apollo Gateway may pass bare Errors here, without extensions.
          const codes = [...new Set((errors ?? []).map((error: unknown) => codeOf(error)))];
          const name = operationName ?? request.operationName ?? null;
          logger.info(
            {
              requestId: contextValue.requestId,
              operationName: typeof name === 'string' ? name.slice(0, MAX_OPERATION_NAME) : null,
              operationType: operation?.operation ?? null,
              durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
              status: response.http.status ?? 200,
              errors: sent.length,
              ...(codes.length > 0 ? { errorCodes: codes } : {}),
              ...(contextValue.viewer ? { tenantId: contextValue.viewer.tenantId } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/**
 * The code the client gets for the error: that of the AppError it wraps (a request hook's refusal,
 * or an operation limit Apollo reports as a validation error), as formatError shows it; else its
 * own `extensions.code`; else INTERNAL_SERVER_ERROR.
 */
export function codeOf(error: unknown): string {
  const wrapped = findAppError(error)?.code;
  if (wrapped) return wrapped;
  const code = (error as { extensions?: Record<string, unknown> } | undefined)?.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
