import { describe, expect, it } from 'vitest';
import { createHealthRegistry } from '../../../src/core/health.js';

describe('health registry', () => {
  it('is not ok while a platform is starting or down, and ok when all are up or degraded', () => {
    const health = createHealthRegistry(() => new Date('2026-12-01T00:00:00Z'));
    const slack = health.platform('slack');
    const discord = health.platform('discord');
    expect(health.snapshot().ok).toBe(false);
    slack.up();
    discord.degraded('reconnecting');
    expect(health.snapshot()).toEqual({
      ok: true,
      platforms: {
        slack: { state: 'up', since: '2026-12-01T00:00:00.000Z' },
        discord: { state: 'degraded', reason: 'reconnecting', since: '2026-12-01T00:00:00.000Z' },
      },
    });
    discord.down('gateway closed');
    expect(health.snapshot().ok).toBe(false);
  });

  it('tells fatal listeners once per platform, also after an earlier non-fatal down', () => {
    const health = createHealthRegistry();
    const heard: string[] = [];
    health.onFatal((name, reason) => heard.push(`${name}: ${reason}`));
    const discord = health.platform('discord');
    discord.down('unreachable');
    discord.down('token revoked', { fatal: true });
    discord.down('token revoked again', { fatal: true });
    expect(heard).toEqual(['discord: token revoked']);
  });
});
