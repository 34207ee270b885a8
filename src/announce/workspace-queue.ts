// Which due deliveries this host posts when the store is shared by several hosts (store.leases): one
// workspace's posts are made by one host at a time, so its per-workspace rate limits are spent by one
// runner that honours them, while other hosts take other workspaces.
//
// A host first leases its fair share (the workspaces due, divided by the runners alive), then, whenever
// its workers run dry, one more workspace nobody holds: hosts that tick together split the work, and a
// host alone takes everything. A workspace held by another live host is left to it ('elsewhere': not
// remembered as done, so a later tick takes it over once that host's lease has expired). Leases are
// renewed with the runner's heartbeat and released when the workspace's last delivery is finished.
import type { Due } from './runner.js';
import type { WorkspaceLeases } from './store.js';
import type { Platform } from './types.js';

export interface WorkspaceQueueOptions {
  leases: WorkspaceLeases;
  owner: string;
  platform: Platform;
  ttlMs: number;
  /** Runners heard from within this long count as alive when the fair share is worked out. */
  liveWithinMs: number;
}

interface Held {
  ready: Due[];
  /** Deliveries handed out and not finished yet. */
  inFlight: number;
}

const keyOf = (d: Due) => `${d.subscription.id}|${d.occurrence.key}`;

/** A stable spread of where each host starts looking, so hosts ticking together start apart. */
function rotation(owner: string, length: number): number {
  let h = 0;
  for (const c of owner) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return length === 0 ? 0 : h % length;
}

export class WorkspaceQueue {
  readonly #o: WorkspaceQueueOptions;
  readonly #pending: Array<[string, Due[]]>;
  readonly #held = new Map<string, Held>();
  #turn = 0;
  #started = false;
  #taking: Promise<boolean> | undefined;
  /** A take found nothing free: the rest is left to the other hosts until the next fan-out. */
  #exhausted = false;
  /** Items this host was told were already taken when it leased their workspace. */
  readonly skipped: Due[] = [];
  readonly #lost: Due[] = [];

  constructor(items: readonly Due[], options: WorkspaceQueueOptions) {
    this.#o = options;
    const groups = new Map<string, Due[]>();
    for (const item of items) {
      const ws = item.subscription.workspaceId;
      const group = groups.get(ws);
      if (group) group.push(item);
      else groups.set(ws, [item]);
    }
    const all = [...groups.entries()];
    const start = rotation(options.owner, all.length);
    this.#pending = [...all.slice(start), ...all.slice(0, start)];
  }

  /** The next delivery to post, or undefined when there is nothing this host may take now. */
  async next(): Promise<Due | undefined> {
    for (;;) {
      const item = this.#nextReady();
      if (item) return item;
      if (this.#pending.length === 0 || this.#exhausted) return undefined;
      // One worker takes leases at a time; the others wait for what it found.
      this.#taking ??= this.#take().finally(() => {
        this.#taking = undefined;
      });
      if (!(await this.#taking)) {
        this.#exhausted = true;
        if (!this.#hasReady()) return undefined;
      }
    }
  }

  /** A handed-out delivery is finished; the workspace's lease is released after its last one. */
  async done(item: Due): Promise<void> {
    const ws = item.subscription.workspaceId;
    const held = this.#held.get(ws);
    if (!held) return;
    held.inFlight--;
    if (held.inFlight === 0 && held.ready.length === 0) {
      this.#held.delete(ws);
      await this.#o.leases.release(this.#o.owner, this.#o.platform, ws).catch(() => {});
    }
  }

  /** Renew every lease held; a workspace whose lease was lost (this host stalled) is not worked further. */
  async renew(): Promise<void> {
    for (const [ws, held] of this.#held) {
      const kept = await this.#o.leases
        .acquire(this.#o.owner, this.#o.platform, ws, this.#o.ttlMs)
        .catch(() => true); // a failed renewal is retried with the next heartbeat; the claims still guard
      if (!kept) this.#lost.push(...held.ready.splice(0));
    }
  }

  /** What was left to other hosts: workspaces never leased, and what a lost lease left undone. */
  leftover(): Due[] {
    return [...this.#pending.flatMap(([, items]) => items), ...this.#lost];
  }

  #hasReady(): boolean {
    for (const held of this.#held.values()) if (held.ready.length > 0) return true;
    return false;
  }

  /** Round-robin over the workspaces held, so the workers spread over their separate rate limits. */
  #nextReady(): Due | undefined {
    const held = [...this.#held.values()];
    for (let i = 0; i < held.length; i++) {
      const h = held[(this.#turn + i) % held.length];
      const item = h?.ready.shift();
      if (h && item) {
        this.#turn = (this.#turn + i + 1) % held.length;
        h.inFlight++;
        return item;
      }
    }
    return undefined;
  }

  /** Lease the fair share on the first call, one more workspace on later ones. True if any was taken. */
  async #take(): Promise<boolean> {
    const { leases, owner, platform, ttlMs } = this.#o;
    let want = 1;
    if (!this.#started) {
      this.#started = true;
      const live = Math.max(1, await leases.liveRunners(this.#o.liveWithinMs).catch(() => 1));
      want = Math.ceil(this.#pending.length / live);
    }
    let took = false;
    for (let i = 0; i < this.#pending.length && want > 0; ) {
      const entry = this.#pending[i];
      if (!entry) break;
      const [ws, items] = entry;
      // A database error counts as "not now": the workspace stays for this or a later fan-out.
      if (!(await leases.acquire(owner, platform, ws, ttlMs).catch(() => false))) {
        i++;
        continue;
      }
      this.#pending.splice(i, 1);
      const taken = await leases
        .taken(items.map((d) => ({ subscriptionId: d.subscription.id, occurrenceKey: d.occurrence.key })))
        .catch(() => new Set<string>()); // the claims still decide; this only saves queries
      const ready = items.filter((d) => !taken.has(keyOf(d)));
      this.skipped.push(...items.filter((d) => taken.has(keyOf(d))));
      if (ready.length === 0) {
        await leases.release(owner, platform, ws).catch(() => {});
        continue; // nothing left there: look further without counting it
      }
      this.#held.set(ws, { ready, inFlight: 0 });
      took = true;
      want--;
    }
    return took;
  }
}
