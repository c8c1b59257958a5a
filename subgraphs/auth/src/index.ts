import { startStandaloneSubgraph } from '@tradesage/core/runtime/standalone';
import { createAuthSubgraph } from './server.ts';

await startStandaloneSubgraph('auth', createAuthSubgraph);
