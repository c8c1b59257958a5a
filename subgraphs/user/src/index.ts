import { startStandaloneSubgraph } from '@tradesage/core/standalone';
import { createUserSubgraph } from './server.ts';

await startStandaloneSubgraph('user', createUserSubgraph);
