// DISCORD_SHARDS and DISCORD_SHARD_COUNT as an operator writes them: the forms a host's part may take,
// and one clear problem naming the variable for each mistake. Without them the config is as before.
import { describe, expect, it } from 'vitest';
import { discordEnv } from '../../../adapters/discord/index.js';
import { DEFAULT_READY_TIMEOUT_MS, readyTimeoutFor } from '../../../adapters/discord/start.js';
import { ConfigError, loadConfig } from '../../../app/config.js';

const base = { http: { port: 0, host: '127.0.0.1' } };
const discord = { DISCORD_TOKEN: 'discord-token-for-tests', DISCORD_APPLICATION_ID: '123456789012345678' };

function shardsOf(env: Record<string, string>) {
  const parsed = discordEnv.parse({ ...discord, ...env }, base);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config?.shards;
}

function problemsOf(env: Record<string, string>): string[] {
  const parsed = discordEnv.parse({ ...discord, ...env }, base);
  if (parsed.ok) throw new Error('expected the preset to refuse this');
  return parsed.problems;
}

describe('DISCORD_SHARDS and DISCORD_SHARD_COUNT', () => {
  it.each([
    ['0-7', '8', [0, 1, 2, 3, 4, 5, 6, 7]],
    ['0,2,5', '6', [0, 2, 5]],
    ['3', '4', [3]],
    [' 8 - 9 , 0-1 ,4', '10', [0, 1, 4, 8, 9]],
  ])('DISCORD_SHARDS=%s of %s runs shards %j', (shards, count, ids) => {
    expect(shardsOf({ DISCORD_SHARDS: shards, DISCORD_SHARD_COUNT: count })).toEqual({
      ids,
      count: Number(count),
    });
  });

  it('DISCORD_SHARD_COUNT alone runs every shard of that total on this host', () => {
    expect(shardsOf({ DISCORD_SHARD_COUNT: '3' })).toEqual({ ids: [0, 1, 2], count: 3 });
  });

  it('without either (or with both empty) nothing changes: every shard Discord recommends', () => {
    expect(shardsOf({})).toBeUndefined();
    expect(shardsOf({ DISCORD_SHARDS: '', DISCORD_SHARD_COUNT: ' ' })).toBeUndefined();
  });

  it.each([
    [{ DISCORD_SHARDS: '0-3' }, 'DISCORD_SHARDS needs DISCORD_SHARD_COUNT'],
    [
      { DISCORD_SHARDS: '0-8', DISCORD_SHARD_COUNT: '8' },
      'DISCORD_SHARDS names shard 8, but DISCORD_SHARD_COUNT is 8',
    ],
    [{ DISCORD_SHARDS: '9', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARDS names shard 9'],
    [{ DISCORD_SHARDS: '0-3,2', DISCORD_SHARD_COUNT: '8' }, 'DISCORD_SHARDS names shard 2 more than once'],
    [{ DISCORD_SHARDS: '1,1', DISCORD_SHARD_COUNT: '8' }, 'DISCORD_SHARDS names shard 1 more than once'],
    [{ DISCORD_SHARDS: '5-2', DISCORD_SHARD_COUNT: '8' }, 'DISCORD_SHARDS has the range 5-2'],
    [{ DISCORD_SHARDS: 'all', DISCORD_SHARD_COUNT: '8' }, 'DISCORD_SHARDS must list shard ids'],
    [{ DISCORD_SHARDS: '1,,2', DISCORD_SHARD_COUNT: '8' }, 'DISCORD_SHARDS must list shard ids'],
    [{ DISCORD_SHARDS: '-1', DISCORD_SHARD_COUNT: '8' }, 'DISCORD_SHARDS must list shard ids'],
    [{ DISCORD_SHARD_COUNT: '0' }, 'DISCORD_SHARD_COUNT must be between 1 and'],
    [{ DISCORD_SHARD_COUNT: 'four' }, 'DISCORD_SHARD_COUNT must be a whole number'],
    [{ DISCORD_SHARD_COUNT: '2.5' }, 'DISCORD_SHARD_COUNT must be a whole number'],
    [{ DISCORD_SHARD_COUNT: '999999' }, 'DISCORD_SHARD_COUNT must be between 1 and 65536'],
  ])('%j is refused: "%s"', (env, message) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("the app's one error names the shard variables next to every other problem", () => {
    let error: unknown;
    try {
      loadConfig({ ...discord, DISCORD_SHARDS: '0-4', DISCORD_SHARD_COUNT: '4', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = error instanceof Error ? error.message : '';
    expect(message).toContain('DISCORD_SHARDS names shard 4');
    expect(message).toContain('LOG_LEVEL');
  });
});

describe('the ready timeout with a shard range', () => {
  const config = (count?: number) => ({
    token: 't',
    applicationId: '1',
    guildId: undefined,
    apiUrl: undefined,
    sharding: 'off' as const,
    shards: count === undefined ? undefined : { ids: [0], count },
  });

  it('leaves room for a window per shard of the total (other hosts queue in the same buckets), at most 15 min', () => {
    expect(readyTimeoutFor(config())).toBe(DEFAULT_READY_TIMEOUT_MS);
    expect(readyTimeoutFor(config(4))).toBe(DEFAULT_READY_TIMEOUT_MS + 4 * 5_500);
    expect(readyTimeoutFor(config(10_000))).toBe(15 * 60_000);
  });
});

describe('DATABASE_URL', () => {
  it('is read into the settings when it is a Postgres URL, and absent otherwise', () => {
    const secret = 's'.repeat(32);
    const env = { DATABASE_URL: 'postgres://bot@db.internal:5432/optout', STATE_SECRET: secret };
    expect(loadConfig(env).databaseUrl).toBe('postgres://bot@db.internal:5432/optout');
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it('anything else is refused by name, without echoing it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).not.toThrow(/hunter2/);
  });
});
