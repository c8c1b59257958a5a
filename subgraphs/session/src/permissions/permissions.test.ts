import { describeSubgraphPermissions } from '@tradesage/core/testing';
import { createSessionSubgraph } from '../server.ts';
import { ruleTree } from './index.ts';

// No type-wide rules at all here (no allow-list): every field of every type has its own.
describeSubgraphPermissions('session', { build: createSessionSubgraph, ruleTree });
