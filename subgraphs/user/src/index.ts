import { startStandaloneSubgraph } from '@tradesage/core';
import { createUserSubgraph } from './server.ts';

await startStandaloneSubgraph('user', createUserSubgraph);
