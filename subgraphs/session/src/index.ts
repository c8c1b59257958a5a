import { sessionJobs, startStandaloneSubgraph } from '@tradesage/core';
import { createSessionSubgraph } from './server.ts';

// Run alone, the session subgraph also runs the session domain's jobs (cleanup).
await startStandaloneSubgraph('session', createSessionSubgraph, sessionJobs);
