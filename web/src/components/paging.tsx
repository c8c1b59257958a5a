import { useState } from 'react';

/**
 * Cursor paging as the console's lists do it (Relay-style connections): the cursors of the pages
 * visited, so Previous goes back exactly; `reset` when a search or filter changes.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  return {
    after: cursors.at(-1) ?? null,
    canGoBack: cursors.length > 1,
    back: () => setCursors((list) => list.slice(0, -1)),
    forward: (endCursor: string | null | undefined) => setCursors((list) => [...list, endCursor ?? null]),
    reset: () => setCursors([null]),
  };
}

/** Previous / Next under a list. */
export function Pager({
  pages,
  pageInfo,
  labels = ['Previous', 'Next'],
}: {
  pages: ReturnType<typeof useCursorPages>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null | undefined } | undefined;
  labels?: readonly [string, string];
}) {
  return (
    <nav aria-label="Pages" className="flex gap-2">
      <button type="button" className="btn-secondary" disabled={!pages.canGoBack} onClick={pages.back}>
        {labels[0]}
      </button>
      <button
        type="button"
        className="btn-secondary"
        disabled={!pageInfo?.hasNextPage}
        onClick={() => pages.forward(pageInfo?.endCursor)}
      >
        {labels[1]}
      </button>
    </nav>
  );
}
