// Installations in memory: for tests and for a single process that may forget them on restart.
import { type InstallationBackend, KeyedMutex } from './backend.js';
import type { InstallationKey, InstallationRecord } from './record.js';

export class MemoryInstallationBackend implements InstallationBackend {
  readonly #records = new Map<InstallationKey, InstallationRecord>();
  readonly #teams = new Map<string, InstallationKey>();
  readonly #mutex = new KeyedMutex();

  async save(record: InstallationRecord): Promise<void> {
    this.#records.set(record.key, structuredClone(record));
  }

  async find(key: InstallationKey): Promise<InstallationRecord | undefined> {
    const record = this.#records.get(key);
    return record && structuredClone(record);
  }

  async remove(key: InstallationKey): Promise<boolean> {
    for (const [team, enterprise] of this.#teams) if (enterprise === key) this.#teams.delete(team);
    return this.#records.delete(key);
  }

  async rememberTeam(teamId: string, enterprise: InstallationKey): Promise<void> {
    this.#teams.set(teamId, enterprise);
  }

  async enterpriseOf(teamId: string): Promise<InstallationKey | undefined> {
    return this.#teams.get(teamId);
  }

  async teamsOf(enterprise: InstallationKey): Promise<string[]> {
    return [...this.#teams].filter(([, e]) => e === enterprise).map(([team]) => team);
  }

  withLock<T>(key: InstallationKey, use: () => Promise<T>): Promise<T> {
    return this.#mutex.run(key, use);
  }

  async close(): Promise<void> {}
}
