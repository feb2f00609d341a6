/**
 * Long pure computations written as generators that `yield` at safe points, so the same code runs
 * two ways: to completion in one go (`drain`, for small inputs and tests) or cooperatively
 * (`drainCooperatively`), handing the isolate back between slices so other requests run meanwhile.
 *
 * Why: a Worker isolate runs one piece of JavaScript at a time. A 10k-entry statement parsed in one
 * synchronous stretch holds every other request on that isolate — the real-time payments arriving
 * meanwhile included — for the whole parse. Yields are counted in work units, not milliseconds:
 * inside a Worker the clock does not advance during synchronous execution.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the generator to its result without pausing. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A macrotask boundary: timers, I/O callbacks and other requests' continuations run first. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs the generator to its result, pausing at every yield. `pause` is injectable for tests; a
 * throw inside the generator rejects the returned promise with that error, unchanged.
 */
export async function drainCooperatively<T>(steps: Steps<T>, pause: () => Promise<void> = nextTurn): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}
