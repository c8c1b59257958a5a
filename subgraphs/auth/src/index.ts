import { startStandaloneSubgraph } from '@tradesage/core/standalone';
import { createAuthSubgraph } from './server.ts';

await startStandaloneSubgraph('auth', createAuthSubgraph);
