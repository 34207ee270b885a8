import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discordEnv } from '../../adapters/discord/index.js';
import { slackEnv } from '../../adapters/slack/index.js';
import { ConfigError, checkConfigPaths, loadConfig, secretsOf, variables } from '../../app/config.js';
import { redact } from '../../src/core/index.js';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const base = { http: { port: 8080, host: '127.0.0.1' } };

describe('loadConfig', () => {
  it('no platform variables: terminal mode with defaults', () => {
    const c = loadConfig({});
    expect(c.platforms).toEqual([]);
    expect(c.databasePath).toBe('./data/optout-bot.sqlite');
    expect(c.http).toEqual({ port: 3000, host: '0.0.0.0' });
  });

  it('Slack over HTTP needs the bot token and the signing secret, and listens on PORT', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 's3cret', PORT: '8080' };
    const c = loadConfig(env);
    expect(c.platforms.map((p) => p.name)).toEqual(['slack']);
    expect(c.platforms[0]?.servesHealth).toBe(true);
    expect(slackEnv.parse(env, c)).toMatchObject({
      ok: true,
      config: { botToken: 'xoxb-1-2', signingSecret: 's3cret', port: 8080 },
    });
  });

  it('Slack in Socket Mode leaves /healthz to the app; both platforms start in registry order', () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1-2',
      DISCORD_TOKEN: 'abc',
      DISCORD_APPLICATION_ID: '123456789012345678',
    });
    expect(c.platforms.map((p) => [p.name, p.servesHealth])).toEqual([
      ['slack', false],
      ['discord', false],
    ]);
  });

  it('a malformed token is named, and its value is never echoed', () => {
    const msg = problems({ SLACK_BOT_TOKEN: 'xoxp-should-not-appear', SLACK_SIGNING_SECRET: 'x' });
    expect(msg).toMatch(/SLACK_BOT_TOKEN must start with "xoxb-"/);
    expect(msg).not.toContain('should-not-appear');
  });

  it('half-configured platforms name each missing variable', () => {
    const msg = problems({ SLACK_BOT_TOKEN: 'xoxb-1', DISCORD_TOKEN: 'abc' });
    expect(msg).toMatch(/SLACK_SIGNING_SECRET is required/);
    expect(msg).toMatch(/DISCORD_APPLICATION_ID is required/);
  });

  it('bad values are named in one error across the app and every preset: port, ids, URLs, log level', () => {
    const msg = problems({
      PORT: 'eighty',
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: 'not-an-id',
      DISCORD_API_URL: 'ftp://x',
      LOG_LEVEL: 'loud',
    });
    for (const name of ['PORT', 'DISCORD_APPLICATION_ID', 'DISCORD_API_URL', 'LOG_LEVEL'])
      expect(msg).toContain(name);
  });

  it('a preset alone validates what it owns', () => {
    expect(discordEnv.parse({ DISCORD_TOKEN: 't' }, base)).toEqual({
      ok: false,
      problems: ['DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set'],
    });
    expect(discordEnv.parse({}, base)).toEqual({ ok: true, config: undefined });
  });

  it('.env.example documents every variable the app and the registered platforms read', () => {
    const example = readFileSync('.env.example', 'utf8');
    const names = variables();
    expect(names).toContain('SLACK_BOT_TOKEN');
    expect(names).toContain('DATABASE_PATH');
    for (const key of names) expect(example, key).toMatch(new RegExp(`^${key}=`, 'm'));
  });

  it('DATABASE_URL with a STATE_SECRET: both reach the settings', () => {
    const secret = 'x'.repeat(32);
    const c = loadConfig({ DATABASE_URL: 'postgres://bot:pw@db.internal:5432/optout', STATE_SECRET: secret });
    expect(c.databaseUrl).toBe('postgres://bot:pw@db.internal:5432/optout');
    expect(c.stateSecret).toBe(secret);
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });

  it('DATABASE_URL without STATE_SECRET names STATE_SECRET', () => {
    expect(problems({ DATABASE_URL: 'postgres://db.internal/optout' })).toContain(
      'STATE_SECRET is required when DATABASE_URL is set',
    );
  });

  it('a STATE_SECRET under 32 characters is named and not echoed; a URL that is not postgres is named', () => {
    const msg = problems({ STATE_SECRET: 'short-secret-value', DATABASE_URL: 'mysql://bot:pw@db/x' });
    expect(msg).toContain('STATE_SECRET must be at least 32 characters');
    expect(msg).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(msg).not.toContain('short-secret-value');
    expect(msg).not.toContain('pw@');
  });

  it('the password in a database URL is among the secrets redacted from logs and messages', () => {
    const line = redact('Cannot use postgres://bot:hunter2@db.internal:5432/optout now', secretsOf());
    expect(line).not.toContain('hunter2');
    expect(line).toContain('postgres://bot:[redacted]@db.internal');
  });

  it.each([
    ['SLACK_BOT_TOKEN', { SLACK_BOT_TOKEN: 'xoxb-1-2\nafter-the-break', SLACK_SIGNING_SECRET: 's' }],
    ['SLACK_APP_TOKEN', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1\r\nafter-the-break' }],
    ['SLACK_SIGNING_SECRET', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abc\nafter-the-break' }],
    ['DISCORD_TOKEN', { DISCORD_TOKEN: 'abc after-the-break', DISCORD_APPLICATION_ID: '123456789012345678' }],
  ])(
    'a secret with a line break or space (%s) is refused, and nothing after the break is echoed',
    (name, env) => {
      const msg = problems(env);
      expect(msg).toContain(`${name} must be a single line`);
      expect(msg).not.toContain('after-the-break');
    },
  );
});

describe('checkConfigPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'optout-config-'));
  const pathProblems = (env: Record<string, string>) => {
    try {
      checkConfigPaths(loadConfig(env));
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    return '';
  };

  it('a missing KNOWLEDGE_DIR is named', () => {
    expect(pathProblems({ KNOWLEDGE_DIR: join(dir, 'nope') })).toMatch(/KNOWLEDGE_DIR .*nope does not exist/);
  });

  it('DATABASE_PATH naming a folder is named', () => {
    expect(pathProblems({ DATABASE_PATH: dir })).toContain(`DATABASE_PATH ${dir} is a folder`);
  });

  it('a new database path and an existing knowledge folder pass', () => {
    expect(pathProblems({ KNOWLEDGE_DIR: dir, DATABASE_PATH: join(dir, 'new.sqlite') })).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });
});
