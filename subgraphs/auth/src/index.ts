import { apiKeyJobs, startStandaloneSubgraph } from '@tradesage/core';
import { createAuthSubgraph } from './server.ts';

await startStandaloneSubgraph('auth', createAuthSubgraph, apiKeyJobs);
