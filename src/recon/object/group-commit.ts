import {
  notificationResult,
  prepareNotification,
  queueNotification,
  type Notification,
  type PreparedNotification,
  type RealtimeResult,
} from "../realtime";
import { CurrencyLeased } from "../store/scope-locks";
import type { LedgerOwner } from "./ledger-owner";

/** A group commit holds at most this many notifications and payments (one match run, one transaction). */
const GROUP_MAX_NOTIFICATIONS = 32;
const GROUP_MAX_ENTRIES = 200;

type Waiting = { input: Notification; resolve: (r: RealtimeResult) => void; reject: (e: unknown) => void; queuedAt: number };

const ms = (x: number) => Math.round(x * 10) / 10;

/** The oldest waiting notifications that fit one group (always at least one). */
export function takeGroup<T extends { input: { entries: readonly unknown[] } }>(pending: T[]): T[] {
  let n = 0;
  let entries = 0;
  while (n < pending.length && n < GROUP_MAX_NOTIFICATIONS && (n === 0 || entries + pending[n].input.entries.length <= GROUP_MAX_ENTRIES)) {
    entries += pending[n].input.entries.length;
    n++;
  }
  return pending.splice(0, n);
}

/**
 * The ledger object's real-time notifications, decided in arrival order, one write at a time, so
 * they never refuse each other; what arrives while a write is in flight goes into the next one
 * together (group commit: a burst costs one round trip, and a backlog never builds up one
 * payment per round trip).
 */
export class GroupCommit {
  #pending: Waiting[] = [];

  constructor(
    private readonly env: Env,
    private readonly owner: LedgerOwner,
    private readonly defer: (p: Promise<unknown>) => void,
  ) {}

  submit(input: Notification): Promise<RealtimeResult> {
    return new Promise<RealtimeResult>((resolve, reject) => {
      this.#pending.push({ input, resolve, reject, queuedAt: performance.now() });
      if (this.#pending.length === 1) void this.owner.serial(() => this.#flush());
    });
  }

  /** Writes what is pending, a group at a time, until nothing is. */
  async #flush(): Promise<void> {
    while (this.#pending.length) {
      const group = takeGroup(this.#pending);
      const currency = group[0].input.entries[0].currency;
      const started = performance.now();
      try {
        const results = await commitGroup(
          this.env,
          this.owner,
          currency,
          group.map((g) => g.input),
          this.defer,
        );
        const { path, reload_ms } = this.owner.lastRun;
        const took = performance.now() - started;
        group.forEach((g, i) =>
          g.resolve({
            ...results[i],
            spans: {
              path: results[i].status === "queued" ? "queued" : path,
              wait_ms: ms(started - g.queuedAt),
              reload_ms: ms(reload_ms),
              write_ms: ms(took - reload_ms),
              group: group.length,
            },
          }),
        );
        if (group.length > 1) this.owner.counts.grouped += group.length;
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
  }
}

/**
 * Several notifications of one currency in ONE match run and ONE write transaction. Each keeps
 * its own job, chunk record, activity row and answer; the run sees all their payments at once, as
 * a statement's would be. A group whose write fails for another reason than a bulk run is retried
 * one notification at a time, so one bad notification never sends the others to the queue.
 */
export async function commitGroup(
  env: Env,
  owner: LedgerOwner,
  currency: string,
  group: Notification[],
  defer: (p: Promise<unknown>) => void,
): Promise<RealtimeResult[]> {
  const ps: PreparedNotification[] = group.map((n) => prepareNotification(env, n));
  let readBack: D1Result[];
  try {
    ({ readBack } = await owner.match(
      currency,
      ps.flatMap((p) => p.entries),
      { store: ps.flatMap((p) => p.store), readBack: ps.flatMap((p) => p.readBack) },
      ps.length === 1 ? ps[0].jobId : undefined,
    ));
  } catch (err) {
    if (ps.length > 1 && !(err instanceof CurrencyLeased)) {
      const out: RealtimeResult[] = [];
      for (const n of group) out.push(...(await commitGroup(env, owner, currency, [n], defer)));
      return out;
    }
    return Promise.all(ps.map((p) => queueNotification(env, p, err)));
  }
  let at = 0;
  return ps.map((p) => {
    const mine = readBack.slice(at, at + p.readBack.length);
    at += p.readBack.length;
    return notificationResult(env, p, mine, defer);
  });
}
