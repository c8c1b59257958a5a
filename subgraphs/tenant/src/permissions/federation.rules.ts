import { allowAnonymous, isAuthenticated, type RuleTypeMap } from '@tradesage/core';

export const federationRules = {
  Query: {
    // Federation plumbing: `_service` serves the SDL (composition happens at build time, so
    // this reveals nothing the schema files do not); `_entities` needs a signed-in caller.
    _service: allowAnonymous,
    _entities: isAuthenticated,
  },
  _Service: { sdl: allowAnonymous },
} satisfies RuleTypeMap;
