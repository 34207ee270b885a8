// Finding 5 (and the "no stack for expected failures" part of 1): each start-up failure of the built
// `npm start` names the variable at fault, exits 1, prints no stack and never echoes a secret.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandIn, startMain } from '../support/bot-child.js';

const dir = mkdtempSync(join(tmpdir(), 'optout-startup-'));
let taken: Server;
let takenPort = 0;
let slack: SlackStandIn;
beforeAll(async () => {
  taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const address = taken.address();
  takenPort = typeof address === 'object' && address ? address.port : 0;
  slack = await new SlackStandIn().start();
});
afterAll(async () => {
  taken.close();
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Spawned asynchronously: the Slack stand-in runs in this process and must answer while main starts.
async function start(env: Record<string, string>) {
  const main = startMain({ DATABASE_PATH: join(dir, `db-${Math.random()}.sqlite`), ...env });
  const timer = setTimeout(() => main.child.kill('SIGKILL'), 15_000);
  const { code, stderr } = await main.exited;
  clearTimeout(timer);
  return { code, err: stderr };
}

const discord = {
  DISCORD_TOKEN: 'discord-secret-token-value',
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_API_URL: 'http://127.0.0.1:9/api',
};

function expectClean(r: { code: number | null; err: string }, message: RegExp) {
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/optout-bot cannot start/);
  expect(r.err).toMatch(message);
  // One message: no stack frames, no secret.
  expect(r.err).not.toMatch(/^\s+at /m);
  expect(r.err).not.toContain('secret-token-value');
}

describe('npm start refuses to start, naming the variable', () => {
  it('a token with a line break: names SLACK_BOT_TOKEN and prints nothing after the break', async () => {
    const r = await start({ SLACK_BOT_TOKEN: 'xoxb-1-2\nsecret-token-value', SLACK_SIGNING_SECRET: 's' });
    expectClean(r, /SLACK_BOT_TOKEN must be a single line/);
  });

  it('PORT in use (Discord only, where main serves /healthz)', async () => {
    const r = await start({ ...discord, PORT: String(takenPort), HOST: '127.0.0.1' });
    expectClean(r, new RegExp(`PORT ${takenPort} on HOST 127.0.0.1 is already in use`));
  });

  it("PORT in use (Slack over HTTP, where Slack's receiver listens)", async () => {
    const r = await start({
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'signing-secret-token-value',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(takenPort),
      HOST: '127.0.0.1',
    });
    expectClean(r, new RegExp(`PORT ${takenPort} on HOST 127.0.0.1 is already in use`));
  });

  it('an unresolvable HOST', async () => {
    const r = await start({ ...discord, PORT: '0', HOST: 'no-such-host.invalid' });
    expectClean(r, /HOST "no-such-host.invalid" cannot be listened on/);
  });

  it('DATABASE_PATH pointing at a folder', async () => {
    const r = await start({ ...discord, DATABASE_PATH: dir });
    expectClean(r, new RegExp(`DATABASE_PATH ${dir} is a folder`));
  });

  it('a missing KNOWLEDGE_DIR', async () => {
    const r = await start({ KNOWLEDGE_DIR: join(dir, 'no-knowledge') });
    expectClean(r, /KNOWLEDGE_DIR .*no-knowledge does not exist/);
  });

  // Depends on the Slack adapter's start errors carrying a `code` (being added in adapters/slack).
  it('a Slack token rejected at start-up: one message, no stack (needs the Slack adapter start errors to carry a code)', async () => {
    slack.authTest = { ok: false, error: 'invalid_auth' };
    try {
      const r = await start({
        SLACK_BOT_TOKEN: 'xoxb-1-2-3',
        SLACK_SIGNING_SECRET: 'signing-secret-token-value',
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        HOST: '127.0.0.1',
      });
      expectClean(r, /SLACK_BOT_TOKEN/);
    } finally {
      slack.authTest = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
    }
  });
});
