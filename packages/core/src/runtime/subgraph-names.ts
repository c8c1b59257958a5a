/**
 * The subgraphs of the supergraph, declared once: config (ports and URLs), the gateway's routing
 * and readiness, the in-process stack and the build-time composition all read this list. It
 * imports nothing, so the composition script can load it before any code is generated.
 */
export const SUBGRAPH_NAMES = ['auth', 'tenant', 'user', 'session'] as const;

export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export function isSubgraphName(name: string): name is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(name);
}
