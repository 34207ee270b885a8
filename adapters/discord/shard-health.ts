// Health across the ShardingManager's processes. Each shard process runs the ordinary adapter, whose
// PlatformHealth here forwards every report to the manager over the IPC channel the manager opened. The
// manager folds them into its own reporter: up when every shard is up, degraded while any is not, and
// fatal down as soon as one shard is down for good (a revoked token or refused intents affect every shard
// alike, and respawning the process would only fail the same way again).

import { z } from 'zod';
import type { PlatformHealth } from '../../src/core/index.js';

/** A shard process exits with this (EX_CONFIG) after a fatal report: a person has to change something. */
export const FATAL_EXIT_CODE = 78;

const report = z.object({
  optoutHealth: z.object({
    state: z.enum(['up', 'degraded', 'down']),
    reason: z.string().optional(),
    fatal: z.boolean().optional(),
  }),
});
export type ShardReport = z.infer<typeof report>['optoutHealth'];

/** The reporter a shard process hands to startDiscord; `onFatal` runs once the report is on its way. */
export function shardProcessHealth(onFatal: () => void): PlatformHealth {
  const send = (message: ShardReport, then?: () => void) => {
    // Without an IPC channel (run by hand, not by the manager) there is nobody to tell.
    if (!process.send) return then?.();
    process.send({ optoutHealth: message }, undefined, {}, () => then?.());
  };
  return {
    up: () => send({ state: 'up' }),
    degraded: (reason) => send({ state: 'degraded', reason }),
    down: (reason, opts) =>
      send({ state: 'down', reason, fatal: opts?.fatal ?? false }, opts?.fatal ? onFatal : undefined),
  };
}

export function parseShardReport(message: unknown): ShardReport | undefined {
  const parsed = report.safeParse(message);
  return parsed.success ? parsed.data.optoutHealth : undefined;
}

export interface ShardHealthFold {
  report(shard: number, state: ShardReport): void;
  /** A shard process exited; `fatal` when it said (or its exit code says) it will not recover. */
  died(shard: number, fatal: boolean): void;
  /** The first fatal reason, once there is one. */
  fatalReason(): string | undefined;
}

export function foldShardHealth(health: PlatformHealth, totalShards: number): ShardHealthFold {
  const states = new Map<number, ShardReport>();
  let fatal: string | undefined;
  const publish = () => {
    if (fatal) return;
    const notUp = [...states].filter(([, s]) => s.state !== 'up');
    if (states.size === totalShards && notUp.length === 0) return health.up();
    const [shard, first] = notUp[0] ?? [];
    if (first && shard !== undefined) {
      health.degraded(`shard ${shard}: ${first.reason ?? first.state}`);
    }
  };
  return {
    report(shard, state) {
      if (state.state === 'down' && state.fatal) {
        if (fatal) return;
        fatal = `shard ${shard}: ${state.reason ?? 'down'}`;
        health.down(fatal, { fatal: true });
        return;
      }
      states.set(shard, state);
      publish();
    },
    died(shard, isFatal) {
      if (isFatal) {
        return this.report(shard, {
          state: 'down',
          fatal: true,
          reason: 'the shard process exited with the fatal exit code; see its log',
        });
      }
      states.set(shard, { state: 'degraded', reason: 'shard process exited; restarting it' });
      publish();
    },
    fatalReason: () => fatal,
  };
}
