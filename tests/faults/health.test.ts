// Finding 1: /healthz in every mode, 503 while a platform is down or starting, and what a fatal platform
// failure does to the process. Real HTTP servers on 127.0.0.1 and the built `npm start`.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bind, defineEnv } from '../../adapters/kit/index.js';
import { serveHealth } from '../../app/health-server.js';
import { EXIT, watchFatal } from '../../app/lifecycle.js';
import { createHealthRegistry } from '../../src/core/health.js';
import { createBot, loadKnowledge, ManualClock, silentLogger } from '../../src/core/index.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { type MainProcess, SlackStandIn, startMain } from '../support/bot-child.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A database path in a fresh temporary folder, removed after the test. */
function tempDatabase(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `optout-${name}`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'bot.sqlite');
}

async function get(port: number, path = '/healthz') {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('serveHealth', () => {
  it('answers 200 with every platform when all are up, 503 naming the one that is down or starting', async () => {
    const health = createHealthRegistry();
    const slack = health.platform('slack');
    const discord = health.platform('discord');
    const server = await serveHealth({ port: 0, host: '127.0.0.1', snapshot: () => health.snapshot() });
    cleanups.push(server.stop);
    expect((await get(server.port)).status).toBe(503);
    slack.up();
    const starting = await get(server.port);
    expect(starting.status).toBe(503);
    expect(starting.body).toMatchObject({ platforms: { discord: { state: 'starting' } } });
    discord.up();
    const up = await get(server.port);
    expect(up).toMatchObject({ status: 200, body: { ok: true, platforms: { slack: { state: 'up' } } } });
    discord.down('gateway closed: authentication failed', { fatal: true });
    const down = await get(server.port);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      platforms: { discord: { state: 'down', reason: expect.stringMatching(/authentication/) } },
    });
    expect((await get(server.port, '/other')).status).toBe(404);
  });

  it('a port in use is an error naming PORT and HOST, with a code', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    cleanups.push(() => void taken.close());
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const err = await serveHealth({
      port,
      host: '127.0.0.1',
      snapshot: () => ({ ok: true, platforms: {} }),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'port_in_use',
      message: `PORT ${port} on HOST 127.0.0.1 is already in use`,
    });
  });

  it('an unresolvable HOST is an error naming HOST', async () => {
    const err = await serveHealth({
      port: 0,
      host: 'no-such-host.invalid',
      snapshot: () => ({ ok: true, platforms: {} }),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'host_unusable',
      message: expect.stringContaining('HOST "no-such-host.invalid"'),
    });
  });
});

describe('a fatal platform failure', () => {
  it('with nothing else running stops with exit code 3', () => {
    const health = createHealthRegistry();
    const logger = createMemoryLogger();
    const stops: number[] = [];
    const slack = health.platform('slack');
    watchFatal(health, logger, (_r, code) => stops.push(code)).arm();
    slack.up();
    slack.down('invalid_auth', { fatal: true });
    expect(stops).toEqual([EXIT.fatalPlatform]);
    expect(EXIT.fatalPlatform).toBe(3);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'error', platform: 'slack', reason: 'invalid_auth' });
  });

  it('with another platform running keeps serving, logs an error, and /healthz says 503', () => {
    const health = createHealthRegistry();
    const logger = createMemoryLogger();
    const stops: number[] = [];
    const slack = health.platform('slack');
    const discord = health.platform('discord');
    watchFatal(health, logger, (_r, code) => stops.push(code)).arm();
    slack.up();
    discord.up();
    discord.down('disallowed intents', { fatal: true });
    expect(stops).toEqual([]);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'error', platform: 'discord', running: ['slack'] });
    expect(health.snapshot().ok).toBe(false);
  });

  it('reported during start-up waits for the start to finish before deciding', async () => {
    const health = createHealthRegistry();
    const stops: number[] = [];
    const watcher = watchFatal(health, createMemoryLogger(), (_r, code) => stops.push(code));
    // An adapter that reports itself down for good while starting, and whose start still resolves.
    const failing = bind(
      {
        name: 'slack',
        env: defineEnv({ shape: {}, read: () => ({}) }),
        async start(_config, ctx) {
          ctx.health.down('invalid_auth', { fatal: true });
          return { stop: async () => {} };
        },
      },
      {},
    );
    const handle = await failing.start({
      bot: createBot({ knowledge: loadKnowledge() }),
      logger: silentLogger,
      clock: new ManualClock('2026-12-01T00:00:00Z'),
      health: health.platform('slack'),
      healthz: () => health.snapshot(),
      announcements: undefined,
    });
    // An adapter that said it is down is not marked up when its start resolves.
    expect(health.snapshot().platforms.slack?.state).toBe('down');
    expect(handle.health().state).toBe('down');
    expect(stops).toEqual([]);
    watcher.arm();
    expect(stops).toEqual([EXIT.fatalPlatform]);
  });
});

describe('npm start serves /healthz without Slack HTTP', () => {
  const run = (env: Record<string, string>): MainProcess => {
    const main = startMain(env);
    cleanups.push(async () => {
      if (main.child.exitCode === null) {
        main.child.kill('SIGKILL');
        await main.exited;
      }
    });
    return main;
  };

  it('Socket Mode: /healthz on PORT reports slack up (200); SIGTERM exits 0', async () => {
    const slack = await new SlackStandIn().start();
    cleanups.push(() => slack.stop());
    const main = run({
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_APP_TOKEN: 'xapp-1-2-3',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: tempDatabase('health-'),
    });
    const listening = await main.logged('health endpoint listening');
    const port = Number(listening.port);
    await main.logged('slack adapter started');
    const r = await get(port);
    expect(r).toMatchObject({ status: 200, body: { ok: true, platforms: { slack: { state: 'up' } } } });
    main.child.kill('SIGTERM');
    expect((await main.exited).code).toBe(EXIT.ok);
  });

  it('Discord only, still connecting: /healthz answers 503 with discord "starting"', async () => {
    // A Discord REST stand-in that never answers: the client stays connecting.
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(() => {
      silent.closeAllConnections();
      silent.close();
    });
    const address = silent.address();
    const apiPort = typeof address === 'object' && address ? address.port : 0;
    const main = run({
      DISCORD_TOKEN: 'discord-token-for-tests',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API_URL: `http://127.0.0.1:${apiPort}/api`,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: tempDatabase('health-d-'),
    });
    const port = Number((await main.logged('health endpoint listening')).port);
    const r = await get(port);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ ok: false, platforms: { discord: { state: 'starting' } } });
    main.child.kill('SIGTERM');
    expect((await main.exited).code).toBe(EXIT.ok);
  });
});

// Finding 4 end to end: a token revoked while running (gateway close 4004) through the built `npm start`.
describe('a Discord token revoked while running', () => {
  const runMain = (env: Record<string, string>): MainProcess => {
    const main = startMain(env);
    cleanups.push(() => {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    });
    return main;
  };
  const discordEnv = (fake: { apiUrl: string; token: string }) => ({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: '123456789012345678',
    DISCORD_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: tempDatabase('fatal-'),
  });

  it('Discord only: the process stops with exit code 3 and says why', async () => {
    const { FakeDiscord } = await import('../support/discord/fake-discord.js');
    const discord = await FakeDiscord.start();
    cleanups.push(() => discord.close());
    const main = runMain(discordEnv(discord));
    await main.logged('discord adapter started');
    discord.dropConnections(4004);
    const exited = await main.exited;
    expect(exited.code).toBe(EXIT.fatalPlatform);
    expect(main.stderr()).toMatch(/DISCORD_TOKEN/);
    expect(main.stderr()).not.toContain(discord.token);
  });

  it('with Slack also running: Slack keeps answering and /healthz says 503 with discord down', async () => {
    const { FakeDiscord } = await import('../support/discord/fake-discord.js');
    const discord = await FakeDiscord.start();
    cleanups.push(() => discord.close());
    const slack = await new SlackStandIn().start();
    cleanups.push(() => slack.stop());
    const main = runMain({
      ...discordEnv(discord),
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_APP_TOKEN: 'xapp-1-2-3',
      SLACK_API_URL: slack.apiUrl,
    });
    const port = Number((await main.logged('health endpoint listening')).port);
    await main.logged('discord adapter started');
    discord.dropConnections(4004);
    await main.logged('platform failed; the others keep running and /healthz answers 503');
    const r = await get(port);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({
      ok: false,
      platforms: { slack: { state: 'up' }, discord: { state: 'down' } },
    });
    expect(main.child.exitCode).toBeNull();
    main.child.kill('SIGTERM');
    expect((await main.exited).code).toBe(EXIT.ok);
  });
});
