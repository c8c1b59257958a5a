import { apiKeyJobs, oauthJobs, startStandaloneSubgraph } from '@tradesage/core';
import { createAuthSubgraph } from './server.ts';

await startStandaloneSubgraph('auth', createAuthSubgraph, (runtime) => [...apiKeyJobs(runtime), ...oauthJobs(runtime)]);
