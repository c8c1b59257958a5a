import { allowAnonymous, isAuthenticated, type RuleTypeMap } from '@tradesage/core';

export const federationRules = {
  Query: {
    _service: allowAnonymous,
    _entities: isAuthenticated,
  },
  _Service: { sdl: allowAnonymous },
} satisfies RuleTypeMap;
