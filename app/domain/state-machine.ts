/**
 * A lifecycle as data: `table[state][event]` is the next state. Services ask `transition`
 * and never set a status any other way.
 */
export type TransitionTable<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export class TransitionError extends Error {
  constructor(readonly entity: string, readonly from: string, readonly event: string) {
    super(`${entity}: '${event}' is not allowed from '${from}'`);
    this.name = "TransitionError";
  }
}

export function canTransition<S extends string, E extends string>(table: TransitionTable<S, E>, from: S, event: E): boolean {
  return table[from]?.[event] !== undefined;
}

export function transition<S extends string, E extends string>(entity: string, table: TransitionTable<S, E>, from: S, event: E): S {
  const to = table[from]?.[event];
  if (to === undefined) throw new TransitionError(entity, from, event);
  return to;
}

/** Events allowed from a state, e.g. to decide which buttons to show. */
export function eventsFrom<S extends string, E extends string>(table: TransitionTable<S, E>, from: S): E[] {
  return Object.keys(table[from] ?? {}) as E[];
}
