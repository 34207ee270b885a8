// A PlatformHealth that records every report, for asserting what the adapter told /healthz.
import type { PlatformHealth } from '../../../src/core/health.js';

export type HealthReport =
  | { state: 'up' }
  | { state: 'degraded'; reason: string }
  | { state: 'down'; reason: string; fatal: boolean };

export class RecordingHealth implements PlatformHealth {
  readonly reports: HealthReport[] = [];
  up(): void {
    this.reports.push({ state: 'up' });
  }
  degraded(reason: string): void {
    this.reports.push({ state: 'degraded', reason });
  }
  down(reason: string, opts?: { fatal?: boolean }): void {
    this.reports.push({ state: 'down', reason, fatal: opts?.fatal ?? false });
  }
  get last(): HealthReport | undefined {
    return this.reports.at(-1);
  }
  get fatal(): Array<Extract<HealthReport, { state: 'down' }>> {
    return this.reports.filter(
      (r): r is Extract<HealthReport, { state: 'down' }> => r.state === 'down' && r.fatal,
    );
  }
}
