// Where installations are kept: the port the SQLite, Postgres and memory backends implement. The store
// (store.ts) adds Bolt's interface and token rotation on top.
import type { InstallationKey, InstallationRecord } from './record.js';

export interface InstallationBackend {
  /** Insert or replace the installation under its key. */
  save(record: InstallationRecord): Promise<void>;
  find(key: InstallationKey): Promise<InstallationRecord | undefined>;
  /** Remove it; false if there was none. An enterprise's remembered workspaces go with it. */
  remove(key: InstallationKey): Promise<boolean>;
  /** Note that workspace `teamId` is served by the org-wide installation `enterprise` (for the poster). */
  rememberTeam(teamId: string, enterprise: InstallationKey): Promise<void>;
  /** The org-wide installation serving `teamId`, if one was remembered. */
  enterpriseOf(teamId: string): Promise<InstallationKey | undefined>;
  /** Every workspace remembered for an org-wide installation. */
  teamsOf(enterprise: InstallationKey): Promise<string[]>;
  /**
   * Run `use` while holding `key`'s refresh lock, which excludes every other holder of the same key in any
   * process sharing this backend. `use` must re-read what it decides on: the lock is the only guarantee.
   */
  withLock<T>(key: InstallationKey, use: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Serialises callers per key inside one process (each backend adds its cross-process part). */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, use: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.#tails.set(key, tail);
    await before;
    try {
      return await use();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
