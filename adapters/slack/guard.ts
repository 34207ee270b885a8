// Redelivery protection: keeps only Slack's event ids, in memory; no message text.
/** Remembers the last few thousand event ids, so an event delivered twice is answered once. */
export class RecentEvents {
  readonly #seen = new Set<string>();
  readonly #max: number;

  constructor(max = 5000) {
    this.#max = max;
  }

  /** True the first time an id is offered, false after. */
  firstTime(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
