// The insights variables: off by default, `on` keeps unanswered questions, and a bad value of any of them
// is one clear problem naming the variable (never its value).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../app/config.js';
import { insightsSecret } from '../../app/insights.js';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('insights configuration', () => {
  it('keeps no unanswered questions, needs no secret and no DATABASE_URL by default', () => {
    const c = loadConfig({});
    expect(c.insights).toEqual({ unanswered: false, secret: undefined });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('INSIGHTS_UNANSWERED=on keeps them; DATABASE_URL and INSIGHTS_SECRET are read', () => {
    const c = loadConfig({
      INSIGHTS_UNANSWERED: 'on',
      INSIGHTS_SECRET: 'a-secret-of-enough-length',
      DATABASE_URL: 'postgres://bot:pw@127.0.0.1/bot',
      STATE_SECRET: 'x'.repeat(32),
    });
    expect(c.insights).toEqual({ unanswered: true, secret: 'a-secret-of-enough-length' });
    expect(c.databaseUrl).toBe('postgres://bot:pw@127.0.0.1/bot');
  });

  it('refuses a value other than on/off, a short secret and a URL that is not Postgres, naming each', () => {
    const message = problems({
      INSIGHTS_UNANSWERED: 'yes',
      INSIGHTS_SECRET: 'short-Z9',
      DATABASE_URL: 'mysql://x@y/z',
    });
    expect(message).toMatch(/INSIGHTS_UNANSWERED/);
    expect(message).toMatch(/INSIGHTS_SECRET must be at least 16 characters/);
    expect(message).toMatch(/DATABASE_URL must be a postgres/);
    expect(message).not.toContain('short-Z9');
  });

  it('the vote key: the secret when set, the same key derived from STATE_SECRET on every host sharing a database, else random', () => {
    const shared = { insights: { unanswered: false, secret: undefined }, stateSecret: 's'.repeat(32) };
    expect(Buffer.from(insightsSecret(shared))).toEqual(Buffer.from(insightsSecret(shared)));
    // Not the state secret itself: the vote hashes and the shared-state hashes use different keys.
    expect(Buffer.from(insightsSecret(shared))).not.toEqual(Buffer.from('s'.repeat(32)));
    expect(
      insightsSecret({ ...shared, insights: { unanswered: false, secret: 'configured-secret-123' } }),
    ).toBe('configured-secret-123');
    const alone = { insights: { unanswered: false, secret: undefined }, stateSecret: undefined };
    expect(Buffer.from(insightsSecret(alone))).not.toEqual(Buffer.from(insightsSecret(alone)));
  });
});
