// Gateway closes Discord will not let the bot recover from (issue 9, finding 3): a revoked token (4004),
// intents it may not use (4013, 4014), a rejected token at login, a start that never gets ready. Each must
// reach the health reporter as a fatal down naming what to fix, and the client must stop trying.
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordStartError } from '../../../adapters/discord/errors.js';
import { startDiscord } from '../../../adapters/discord/run.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { FakeDiscord, type FakeDiscordOptions } from '../../support/discord/fake-discord.js';
import { type Harness, noIdentifyWait, realBot, startHarness } from '../../support/discord/harness.js';
import { RecordingHealth } from '../../support/discord/recording-health.js';

let h: Harness | undefined;
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  h = undefined;
  fake = undefined;
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(10);
  }
}

/** Start against a fake configured by `options`, expecting start-up to fail. */
async function failedStart(
  options: FakeDiscordOptions,
  extra: { token?: string; readyTimeoutMs?: number } = {},
) {
  fake = await FakeDiscord.start(options);
  const health = new RecordingHealth();
  const logger = createMemoryLogger();
  const error = await startDiscord({
    config: {
      token: extra.token ?? fake.token,
      applicationId: fake.applicationId,
      guildId: undefined,
      apiUrl: fake.apiUrl,
      sharding: 'off',
    },
    bot: realBot(),
    logger,
    health,
    clientOptions: noIdentifyWait,
    ...(extra.readyTimeoutMs ? { readyTimeoutMs: extra.readyTimeoutMs } : {}),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, health, logger };
}

describe('Discord health and fatal gateway closes', () => {
  it('reports up once ready, degraded while reconnecting, and up again after resuming', async () => {
    const health = new RecordingHealth();
    h = await startHarness({ health });
    expect(health.reports).toEqual([{ state: 'up' }]);
    h.fake.dropConnections(4000);
    await until(() => h?.fake.resumes.length === 1 && health.last?.state === 'up');
    expect(health.reports).toEqual([
      { state: 'up' },
      { state: 'degraded', reason: expect.stringMatching(/reconnecting/) },
      { state: 'up' },
    ]);
  });

  it('reports down, not fatal, once stopped', async () => {
    const health = new RecordingHealth();
    h = await startHarness({ health });
    await h.close();
    h = undefined;
    expect(health.last).toEqual({ state: 'down', reason: 'Discord adapter stopped', fatal: false });
    expect(health.fatal).toEqual([]);
  });

  it('reports fatal down naming DISCORD_TOKEN when the token is revoked (4004), and stops reconnecting', async () => {
    const health = new RecordingHealth();
    h = await startHarness({ health });
    const connections = h.fake.connections;
    h.fake.dropConnections(4004);
    await until(() => health.fatal.length > 0);
    expect(health.fatal).toEqual([
      {
        state: 'down',
        fatal: true,
        reason: expect.stringMatching(/DISCORD_TOKEN.*4004|4004.*DISCORD_TOKEN/),
      },
    ]);
    await pause(1500);
    expect(h.fake.connections).toBe(connections);
    expect(health.last?.state).toBe('down');
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({
        msg: 'discord gateway closed for good',
        code: 'discord_fatal_close',
        closeCode: 4004,
      }),
    );
    expect(JSON.stringify(h.logger.lines)).not.toContain(h.fake.token);
  });

  it('reports fatal down naming the intents and the Developer Portal on 4014 while running', async () => {
    const health = new RecordingHealth();
    h = await startHarness({ health });
    const connections = h.fake.connections;
    h.fake.dropConnections(4014);
    await until(() => health.fatal.length > 0);
    const reason = health.fatal[0]?.reason ?? '';
    expect(reason).toMatch(/4014/);
    expect(reason).toMatch(/Guilds, GuildMessages, DirectMessages/);
    expect(reason).toMatch(/Developer Portal/);
    await pause(1500);
    expect(h.fake.connections).toBe(connections);
  });

  it.each([
    [4014, /disallowed intents.*Developer Portal/],
    [4013, /invalid intents/],
    [4004, /DISCORD_TOKEN/],
  ])(
    'fails start-up with a coded error when the gateway closes with %i at identify',
    async (code, reason) => {
      const { error, health } = await failedStart({ identifyCloseCode: code });
      expect(error).toBeInstanceOf(DiscordStartError);
      expect(error).toMatchObject({ code: 'discord_start_failed', message: expect.stringMatching(reason) });
      expect(health.fatal).toEqual([{ state: 'down', fatal: true, reason: expect.stringMatching(reason) }]);
      await pause(1000);
      expect(fake?.connections).toBe(1);
    },
  );

  it('fails start-up naming DISCORD_TOKEN when login is refused, without echoing the token', async () => {
    const wrong = 'not-the-token';
    const { error, health, logger } = await failedStart({}, { token: wrong });
    expect(error).toMatchObject({
      code: 'discord_start_failed',
      message: expect.stringMatching(/DISCORD_TOKEN/),
    });
    expect(health.fatal[0]?.reason).toMatch(/invalid token/i);
    expect(fake?.connections).toBe(0);
    expect(JSON.stringify(logger.lines)).not.toContain(wrong);
  });

  it('fails start-up without a fatal report when Discord cannot be reached at all', async () => {
    const gone = await FakeDiscord.start();
    const apiUrl = gone.apiUrl;
    await gone.close();
    const health = new RecordingHealth();
    const error = await startDiscord({
      config: {
        token: gone.token,
        applicationId: gone.applicationId,
        guildId: undefined,
        apiUrl,
        sharding: 'off',
      },
      bot: realBot(),
      logger: createMemoryLogger(),
      health,
      clientOptions: noIdentifyWait,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'discord_start_failed' });
    expect(health.reports).toEqual([
      { state: 'down', fatal: false, reason: expect.stringMatching(/login failed/) },
    ]);
  });

  it('fails start-up with a timeout naming what it was waiting for when READY never comes', async () => {
    const started = Date.now();
    const { error, health } = await failedStart({ silentIdentify: true }, { readyTimeoutMs: 1000 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({
      code: 'discord_start_timeout',
      message: expect.stringMatching(/within 1 s.*login/),
    });
    // Slow is not refused: down, but a later start may work.
    expect(health.reports).toEqual([
      { state: 'down', fatal: false, reason: expect.stringMatching(/within 1 s/) },
    ]);
    // Whatever the abandoned client does next, it reports nothing more.
    await pause(1000);
    expect(health.reports).toHaveLength(1);
  });
});
