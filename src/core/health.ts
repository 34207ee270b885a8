// Each platform's state, as the process reports it on /healthz. Adapters get a PlatformHealth for their own
// name and say when they are up and when they went down; the app decides what a fatal failure means (exit
// non-zero when nothing else runs, or keep the others and answer 503).

export type PlatformState = 'starting' | 'up' | 'degraded' | 'down';

export interface PlatformStatus {
  state: PlatformState;
  /** Why the platform is degraded or down (no tokens, no user data). */
  reason?: string;
  /** ISO time of the last change. */
  since: string;
}

/** What one adapter is handed: it reports only about itself. */
export interface PlatformHealth {
  up(): void;
  /** Working but impaired (reconnecting, a queue backing up): /healthz stays 200. */
  degraded(reason: string): void;
  /** Not working. `fatal` means it will not recover by itself (a revoked token, disallowed intents). */
  down(reason: string, opts?: { fatal?: boolean }): void;
}

export interface HealthSnapshot {
  ok: boolean;
  platforms: Record<string, PlatformStatus>;
}

export interface HealthRegistry {
  /** The reporter for one platform; its state starts as 'starting'. */
  platform(name: string): PlatformHealth;
  snapshot(): HealthSnapshot;
  /** Called once per fatal `down`, with the platform's name and reason. */
  onFatal(listener: (name: string, reason: string) => void): void;
}

export function createHealthRegistry(now: () => Date = () => new Date()): HealthRegistry {
  const states = new Map<string, PlatformStatus>();
  const fatalListeners: Array<(name: string, reason: string) => void> = [];
  const fatalOnce = new Set<string>();
  const set = (name: string, state: PlatformState, reason?: string) => {
    states.set(name, { state, ...(reason === undefined ? {} : { reason }), since: now().toISOString() });
  };
  return {
    platform(name) {
      set(name, 'starting');
      return {
        up: () => set(name, 'up'),
        degraded: (reason) => set(name, 'degraded', reason),
        down: (reason, opts) => {
          set(name, 'down', reason);
          // Listeners hear a platform's first fatal failure once, even after an earlier non-fatal down.
          if (opts?.fatal && !fatalOnce.has(name)) {
            fatalOnce.add(name);
            for (const l of fatalListeners) l(name, reason);
          }
        },
      };
    },
    snapshot() {
      const platforms = Object.fromEntries(states);
      // 'starting' counts as not ok: a probe should not route traffic to a process still connecting.
      const ok = [...states.values()].every((s) => s.state === 'up' || s.state === 'degraded');
      return { ok, platforms };
    },
    onFatal(listener) {
      fatalListeners.push(listener);
    },
  };
}

/** A reporter that records nothing, for tests and tools that do not serve /healthz. */
export const noHealth: PlatformHealth = { up() {}, degraded() {}, down() {} };
