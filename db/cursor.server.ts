import type { Sql } from "postgres";

/**
 * One query's rows in chunks of `rows`, through a portal (postgres.js `cursor`): one plan and one
 * snapshot for the whole read, the connection held until the last chunk is taken or the reader stops.
 * PostgreSQL computes the next chunk while the reader handles this one (at most two chunks wait);
 * a reader that stops early (`return()`: a download cancelled) closes the portal.
 */
export function chunkedRows<R>(client: Sql, text: string, params: unknown[], rows: number): AsyncIterable<R[]> {
  return {
    [Symbol.asyncIterator]() {
      const ready: R[][] = [];
      let started = false, finished = false, cancelled = false;
      let failure: unknown = null;
      let reader: (() => void) | null = null; // the reader, waiting for a chunk
      let portal: (() => void) | null = null; // postgres.js, waiting for room
      const wake = (which: "reader" | "portal") => {
        const w = which === "reader" ? reader : portal;
        if (which === "reader") reader = null;
        else portal = null;
        w?.();
      };
      const start = () => {
        started = true;
        // postgres.js types the callback as returning nothing; it awaits what it returns (CLOSE ends the portal).
        const each = async (chunk: unknown[]) => {
          if (cancelled) return client.CLOSE;
          ready.push(chunk as R[]);
          wake("reader");
          if (ready.length >= 2) await new Promise<void>((r) => (portal = r));
          return cancelled ? client.CLOSE : undefined;
        };
        client.unsafe(text, params as never[]).cursor(rows, each as unknown as (rows: unknown[]) => void).then(
          () => { finished = true; wake("reader"); },
          (e: unknown) => { failure = e; finished = true; wake("reader"); },
        );
      };
      return {
        async next(): Promise<IteratorResult<R[]>> {
          if (!started) start();
          while (!ready.length && !finished) await new Promise<void>((r) => (reader = r));
          if (ready.length) {
            const value = ready.shift()!;
            wake("portal");
            return { value, done: false };
          }
          if (failure) throw failure;
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<R[]>> {
          cancelled = true;
          ready.length = 0;
          wake("portal");
          return { value: undefined, done: true };
        },
      };
    },
  };
}
