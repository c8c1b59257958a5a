import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MyPreferencesDocument, ResetPreferenceDocument, SetPreferenceDocument } from '@tradesage/client';
import { useState } from 'react';
import { api, describeError } from '../../api.ts';
import { Alert } from '../../components/ui.tsx';

/** The signed-in person's preferences: each with its description, set or back to its default. */
export function Preferences() {
  const queryClient = useQueryClient();
  const preferences = useQuery({ queryKey: ['myPreferences'], queryFn: () => api.request(MyPreferencesDocument) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['myPreferences'] });
  const set = useMutation({
    mutationFn: ({ key, value }: { key: string; value: unknown }) => api.request(SetPreferenceDocument, { key, value }),
    onSuccess: refresh,
  });
  const reset = useMutation({
    mutationFn: (key: string) => api.request(ResetPreferenceDocument, { key }),
    onSuccess: refresh,
  });
  const failure: unknown = preferences.error ?? set.error ?? reset.error;
  return (
    <section aria-labelledby="preferences" className="card">
      <h2 id="preferences" className="mb-4 text-lg font-semibold">
        Preferences
      </h2>
      {failure != null && <Alert>{describeError(failure)}</Alert>}
      <ul className="divide-y divide-slate-100">
        {preferences.data?.myPreferences.map((p) => (
          <li key={p.key} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div className="min-w-0">
              <p className="font-mono text-sm">{p.key}</p>
              <p className="text-xs text-slate-600">{p.description}</p>
            </div>
            <div className="flex items-center gap-2">
              <PreferenceInput name={p.key} value={p.value} onSave={(value) => set.mutate({ key: p.key, value })} />
              {!p.isDefault && (
                <button type="button" className="btn-secondary" onClick={() => reset.mutate(p.key)}>
                  Default<span className="sr-only"> for {p.key}</span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A switch for a yes/no preference; a text field (saved on leaving it) for the others. */
function PreferenceInput({ name, value, onSave }: { name: string; value: unknown; onSave(value: unknown): void }) {
  const [text, setText] = useState(typeof value === 'string' ? value : JSON.stringify(value));
  if (typeof value === 'boolean')
    return (
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={value} onChange={(e) => onSave(e.target.checked)} />
        <span className="sr-only">{name}</span>
        {value ? 'on' : 'off'}
      </label>
    );
  return (
    <input
      aria-label={name}
      className="field w-48"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        if (typeof value === 'string') {
          if (text !== value) onSave(text);
          return;
        }
        try {
          const parsed: unknown = JSON.parse(text);
          if (JSON.stringify(parsed) !== JSON.stringify(value)) onSave(parsed);
        } catch {
          setText(JSON.stringify(value));
        }
      }}
    />
  );
}
