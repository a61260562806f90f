import { identityRules } from "./identity";
import { adminRules } from "./admin";
import { campaignRules } from "./campaigns";
import { financingRules } from "./financing";
import { marketRules } from "./market";
import { demandRules } from "./demands";
import { valuationRules } from "./valuation";
import { publicMoneyRules } from "./public-money";
import { registrationRules } from "./registration";
import { webhookRules } from "./webhooks";
import type { Actor, Decision } from "./types";

export * from "./types";

/**
 * The one policy: every loader, action, API endpoint and job asks `can(actor, action, resource)`.
 * Each bounded context contributes its rules; add a context's table here.
 */
export const rules = {
  ...identityRules,
  ...adminRules,
  ...campaignRules,
  ...financingRules,
  ...marketRules,
  ...demandRules,
  ...valuationRules,
  ...publicMoneyRules,
  ...registrationRules,
  ...webhookRules,
};

export type Action = keyof typeof rules;
type ResourceOf<A extends Action> = Parameters<(typeof rules)[A]>[1];

export function decide<A extends Action>(actor: Actor, action: A, resource?: ResourceOf<A>): Decision {
  // System actors (job processors) act on the platform's behalf and are checked by their payload's scope.
  if (actor.type === "system") return true;
  const rule = rules[action] as (a: Actor, r: unknown) => Decision;
  return rule(actor, resource);
}

export function can<A extends Action>(actor: Actor, action: A, resource?: ResourceOf<A>): boolean {
  return decide(actor, action, resource) === true;
}
