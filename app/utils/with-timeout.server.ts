/** `p`, or a rejection once `ms` have passed (the timer never keeps the process alive). */
export function withTimeout<T>(p: Promise<T>, ms: number, what = "timeout"): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
      timer.unref?.();
    }),
  ]);
}
