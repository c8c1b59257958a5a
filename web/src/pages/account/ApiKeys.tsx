import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiKeysDocument, RevokeApiKeyDocument } from '@tradesage/client';
import { useState } from 'react';
import { api, describeError } from '../../api.ts';
import {
  KeySecret,
  KeyTable,
  keyScopes,
  NewKeyForm,
  RotateKeyDialog,
  useMaxLifetimeDays,
  type ApiKey,
  type NewSecret,
} from '../../components/ApiKeys.tsx';
import { Alert } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';

/**
 * "API keys": the signed-in person's personal access tokens, for scripts and tools acting as them
 * within the permissions chosen. Made and rotated with a recent sign-in (step-up); each secret is
 * shown once; revoked at once.
 */
export function ApiKeys() {
  const { session } = useSession();
  const queryClient = useQueryClient();
  const viewer = session.status === 'signed-in' ? session.viewer : undefined;
  // Own keys by the owner's id: without it a manager (apikeys:manage) is answered every key of the tenant.
  const keys = useQuery({
    queryKey: ['apiKeys', viewer?.id],
    queryFn: ({ signal }) => api.request(ApiKeysDocument, { ownerId: viewer?.id ?? null }, { signal }),
    enabled: viewer !== undefined,
  });
  const maxLifetimeDays = useMaxLifetimeDays();
  const [creating, setCreating] = useState(false);
  const [rotating, setRotating] = useState<ApiKey>();
  const [secret, setSecret] = useState<NewSecret>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['apiKeys'] });
  const revoke = useMutation({
    mutationFn: (id: string) => api.request(RevokeApiKeyDocument, { id }),
    onSuccess: refresh,
  });
  if (!viewer) return null;
  const shown = (created: NewSecret) => {
    setCreating(false);
    setRotating(undefined);
    setSecret(created);
    void refresh();
  };
  const failure: unknown = keys.error ?? revoke.error;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">API keys</h1>
        {!creating && (
          <button type="button" className="btn" onClick={() => setCreating(true)}>
            New API key
          </button>
        )}
      </div>
      <p className="text-sm text-slate-700">
        Personal keys let scripts and tools call the API as you, limited to the permissions you choose, until they
        expire or you revoke them. Anyone holding a key can use it: keep it secret.
      </p>
      {secret && <KeySecret created={secret} onDone={() => setSecret(undefined)} />}
      {creating && maxLifetimeDays !== undefined && (
        <NewKeyForm
          title="New API key"
          scopes={keyScopes(viewer.permissions)}
          maxLifetimeDays={maxLifetimeDays}
          onCreated={shown}
          onCancel={() => setCreating(false)}
        />
      )}
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      {revoke.isSuccess && <Alert kind="success">The key is revoked: it is refused from now on.</Alert>}
      {keys.data && (
        <KeyTable
          keys={keys.data.apiKeys}
          caption="Your API keys"
          actions={(key) =>
            key.status === 'ACTIVE' && (
              <>
                <button type="button" className="btn-secondary" onClick={() => setRotating(key)}>
                  Rotate<span className="sr-only"> {key.name}</span>
                </button>
                <button
                  type="button"
                  className="btn-danger"
                  disabled={revoke.isPending}
                  onClick={() => {
                    if (window.confirm(`Revoke ${key.name} (${key.display})? It is refused from now on.`))
                      revoke.mutate(key.id);
                  }}
                >
                  Revoke<span className="sr-only"> {key.name}</span>
                </button>
              </>
            )
          }
        />
      )}
      {rotating && <RotateKeyDialog apiKey={rotating} onClose={() => setRotating(undefined)} onRotated={shown} />}
    </div>
  );
}
