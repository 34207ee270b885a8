import type { HealthRegistry, Logger } from '../src/core/index.js';
// How `npm start` ends, and what a platform's fatal failure means for the process. Kept apart from main.ts
// so the decisions are tested with a real registry, without starting platforms.

/** Exit codes of `npm start` (documented in README, "Health checks and exit codes"). */
export const EXIT = {
  /** Stopped by SIGINT/SIGTERM (or the terminal chat ended). */
  ok: 0,
  /** Could not start: configuration, knowledge, database, schedules, a port, or a platform refused start. */
  startup: 1,
  /** An unexpected internal error (a bug): the message and a redacted stack are printed. */
  crash: 2,
  /** A platform failed for good while running (e.g. its credentials were rejected) and nothing else runs. */
  fatalPlatform: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * On a platform's fatal failure: stop with EXIT.fatalPlatform when no other platform still runs (or is
 * starting), otherwise log it and keep serving the others while /healthz answers 503. Failures reported
 * before `arm()` (during start-up, where a failed start already stops with EXIT.startup) wait for it.
 */
export function watchFatal(
  health: HealthRegistry,
  logger: Logger,
  stop: (reason: string, code: ExitCode) => void,
): { arm(): void } {
  let armed = false;
  const pending: Array<[string, string]> = [];
  const decide = (name: string, reason: string) => {
    const others = Object.entries(health.snapshot().platforms).filter(
      ([other, status]) => other !== name && status.state !== 'down',
    );
    if (others.length === 0) {
      logger.error('platform failed and nothing else runs: stopping', { platform: name, reason });
      stop(`${name} failed`, EXIT.fatalPlatform);
    } else {
      logger.error('platform failed; the others keep running and /healthz answers 503', {
        platform: name,
        reason,
        running: others.map(([other]) => other),
      });
    }
  };
  health.onFatal((name, reason) => {
    if (armed) decide(name, reason);
    else pending.push([name, reason]);
  });
  return {
    arm() {
      armed = true;
      for (const [name, reason] of pending.splice(0)) decide(name, reason);
    },
  };
}
