import { startStandaloneSubgraph } from '@tradesage/core/runtime/standalone';
import { createSessionSubgraph } from './server.ts';

await startStandaloneSubgraph('session', createSessionSubgraph);
