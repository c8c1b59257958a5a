import { startStandaloneSubgraph } from '@tradesage/core';
import { createSessionSubgraph } from './server.ts';

await startStandaloneSubgraph('session', createSessionSubgraph);
