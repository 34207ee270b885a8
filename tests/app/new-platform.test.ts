// The proof that a platform is one folder and one registry line: a minimal adapter in tests/support/
// (talking to a loopback stand-in) is added to the registry alone, configured from the environment like
// Slack and Discord, and started by the app itself; then it passes the same adapter contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineAdapter } from '../../adapters/kit/index.js';
import { ConfigError, loadConfig } from '../../app/config.js';
import { registry } from '../../app/registry.js';
import { type RunningApp, startApp } from '../../app/run.js';
import { loadKnowledge, silentLogger } from '../../src/core/index.js';
import { adapterContract, contractContext } from '../support/contracts/adapter-contract.js';
import { loopchatPlatform } from '../support/test-platform/adapter.js';
import { LoopchatStandIn } from '../support/test-platform/stand-in.js';

/** The app's registry plus the new platform's one line. */
const withLoopchat = [...registry, defineAdapter(loopchatPlatform)];

function envFor(standIn: LoopchatStandIn, dir: string) {
  return {
    LOOPCHAT_URL: standIn.url,
    LOOPCHAT_TOKEN: standIn.token,
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    PORT: '0',
    HOST: '127.0.0.1',
  };
}

describe('a new platform through the registry alone', () => {
  let standIn: LoopchatStandIn | undefined;
  let app: RunningApp | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'optout-loopchat-'));
  afterEach(async () => {
    await app?.stop();
    await standIn?.close();
    app = undefined;
    standIn = undefined;
  });

  it('its variables are validated with everyone else’s, naming what is missing', () => {
    expect(() => loadConfig({ LOOPCHAT_URL: 'http://127.0.0.1:1' }, withLoopchat)).toThrow(ConfigError);
    expect(() => loadConfig({ LOOPCHAT_URL: 'http://127.0.0.1:1' }, withLoopchat)).toThrow(
      /LOOPCHAT_TOKEN is required/,
    );
    expect(loadConfig({}, withLoopchat).platforms).toEqual([]);
  });

  it('the app starts it, serves its health, answers through it and stops it', async () => {
    standIn = await LoopchatStandIn.start();
    const config = loadConfig(envFor(standIn, dir), withLoopchat);
    expect(config.platforms.map((p) => p.name)).toEqual(['loopchat']);
    app = await startApp(config, { knowledge: loadKnowledge(), logger: silentLogger });
    expect(standIn.registered).toBe(true);
    const healthz = await fetch(`http://127.0.0.1:${app.healthPort}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toMatchObject({ ok: true, platforms: { loopchat: { state: 'up' } } });

    await standIn.say('ada', 'are my private messages used?');
    const answer = await standIn.nextTo('ada', 0);
    expect(answer?.text).toMatch(/private messages/i);
    await app.stop();
    app = undefined;
    // Stopped: the adapter no longer takes messages.
    await expect(standIn.say('ada', 'hello')).rejects.toThrow();
    rmSync(dir, { recursive: true, force: true });
  });
});

adapterContract({
  name: 'loopchat',
  manyUsers: true,
  mentions: false,
  async start({ bot, clock, cooldown }) {
    const standIn = await LoopchatStandIn.start();
    const config = loadConfig({ LOOPCHAT_URL: standIn.url, LOOPCHAT_TOKEN: standIn.token }, withLoopchat);
    const platform = config.platforms[0];
    if (!platform) throw new Error('loopchat was not configured');
    const handle = await platform.start(contractContext('loopchat', { bot, clock, cooldown }));
    const seen = (sent: { text: string; buttons: Array<{ id: string; label: string }> }) => ({
      text: [sent.text, ...sent.buttons.map((b) => b.label)].join('\n'),
      followUps: sent.buttons.map((b) => b.label),
      raw: sent,
    });
    const exchange = async (user: string, text: string, click?: string) => {
      const before = standIn.sent.length;
      await standIn.say(user, text, click);
      // A silent cooldown sends nothing: wait briefly, then report silence.
      const sent = await standIn.nextTo(user, before, 1500);
      return sent && seen(sent);
    };
    return {
      ask: (question, user) => exchange(user, question),
      async followUp(reply, index, user) {
        const raw = reply.raw as { buttons: Array<{ id: string }> };
        const next = await exchange(user, '', raw.buttons[index]?.id);
        if (!next) throw new Error('no answer to the click');
        return next;
      },
      pings: () => false,
      limitProblems: (reply) =>
        (reply.raw as { text: string }).text.length > 2000 ? ['text over 2000 characters'] : [],
      async stop() {
        await handle.stop();
        await standIn.close();
      },
    };
  },
});
