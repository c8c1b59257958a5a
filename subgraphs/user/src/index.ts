import { startStandaloneSubgraph } from '@tradesage/core/runtime/standalone';
import { createUserSubgraph } from './server.ts';

await startStandaloneSubgraph('user', createUserSubgraph);
