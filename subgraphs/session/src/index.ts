import { startStandaloneSubgraph } from '@tradesage/core/standalone';
import { createSessionSubgraph } from './server.ts';

await startStandaloneSubgraph('session', createSessionSubgraph);
