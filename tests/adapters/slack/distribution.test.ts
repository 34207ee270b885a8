// Distribution to many workspaces, end to end on loopback with real processes: two `npm start` processes
// (dist/app/main.js) in distributed mode share one SQLite installation file and one announcement database,
// with FakeSlack as Slack (oauth.v2.access, auth.test, chat.postMessage). Requests reach Bolt's real HTTP
// receiver, signed like Slack's. An install started on one process finishes on the other; an event is
// then answered with the stored token; a token rotation raced by both processes is exchanged once; an
// uninstall removes the installation and that workspace's subscriptions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallationBackend } from '../../../adapters/slack/installations/backend.js';
import { openPostgresInstallations } from '../../../adapters/slack/installations/postgres.js';
import { openSqliteInstallations } from '../../../adapters/slack/installations/sqlite.js';
import { SlackInstallationStore } from '../../../adapters/slack/installations/store.js';
import { REQUIRED_BOT_SCOPES } from '../../../adapters/slack/scopes.js';
import { openSqliteStore } from '../../../src/announce/index.js';
import { silentLogger } from '../../../src/core/index.js';
import { type MainProcess, startMain } from '../../support/bot-child.js';
import { teamInstall } from '../../support/contracts/installation-store-contract.js';
import { createDatabase, describePostgres } from '../../support/postgres/database.js';
import { FakeSlack, OAUTH_CLIENT } from '../../support/slack/fake-slack.js';
import { finishInstall, startInstall, workspaceEvent } from '../../support/slack/oauth-requests.js';
import { mention, postToBolt, SIGNING_SECRET } from '../../support/slack/requests.js';

const STATE_SECRET = 'loopback-state-secret-0123456789abcdef';

/** Where the hosts keep installations: a SQLite file or the test Postgres. */
interface SharedStore {
  location: string;
  open(): Promise<InstallationBackend>;
  cleanup(): Promise<void>;
}

function distributionSuite(name: string, sharedStore: (dir: string) => Promise<SharedStore>): void {
  let fake: FakeSlack;
  let dir: string;
  let shared: SharedStore;
  let databasePath: string;
  const hosts: Array<{ main: MainProcess; url: string }> = [];

  /** A handle on the shared installation file, as the processes see it. */
  async function installations(): Promise<SlackInstallationStore> {
    return new SlackInstallationStore({
      backend: await shared.open(),
      exchange: async () => {
        throw new Error('the test never refreshes');
      },
      hashSecret: STATE_SECRET,
      logger: silentLogger,
    });
  }

  async function startHost(): Promise<{ main: MainProcess; url: string }> {
    const main = startMain({
      SLACK_CLIENT_ID: OAUTH_CLIENT.id,
      SLACK_CLIENT_SECRET: OAUTH_CLIENT.secret,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_INSTALLATION_STORE: shared.location,
      DATABASE_PATH: databasePath,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
    });
    const started = await main.logged('slack adapter started');
    expect(started.mode).toBe('distributed');
    return { main, url: `http://127.0.0.1:${String(started.port)}` };
  }

  beforeAll(async () => {
    fake = await FakeSlack.start();
    dir = mkdtempSync(path.join(tmpdir(), 'slack-dist-'));
    shared = await sharedStore(dir);
    databasePath = path.join(dir, 'announce.sqlite');
    // What the rotation and uninstall checks start from, written before the hosts open the files.
    const seed = await installations();
    await seed.storeInstallation(
      teamInstall('T3', {
        bot: {
          token: 'xoxe.xoxb-seeded',
          refreshToken: 'xoxe-1-seeded',
          expiresAt: Math.floor(Date.now() / 1000) + 60,
          scopes: ['chat:write'],
          id: 'BBOT0001',
          userId: 'UBOT0001',
        },
      }),
    );
    await seed.storeInstallation(teamInstall('T4'));
    await seed.storeInstallation(teamInstall('T8'));
    await seed.close();
    const announcements = openSqliteStore(databasePath);
    for (const [workspaceId, channelId] of [
      ['T4', 'C41'],
      ['T4', 'C42'],
      ['T5', 'C51'],
      ['T8', 'C81'],
    ] as const) {
      await announcements.subscribe(
        {
          platform: 'slack',
          workspaceId,
          channelId,
          schedule: 'default',
          timeZone: 'UTC',
          subscribedBy: 'U1',
        },
        new Date(),
      );
    }
    await announcements.close();
    hosts.push(...(await Promise.all([startHost(), startHost()])));
  }, 60_000);

  afterAll(async () => {
    for (const { main } of hosts) {
      main.child.kill('SIGTERM');
      await main.exited;
    }
    await fake?.close();
    await shared?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const host = (i: number) => {
    const h = hosts[i];
    if (!h) throw new Error(`host ${i} did not start`);
    return h;
  };

  describe(`Slack distributed to many workspaces, across two processes sharing ${name}`, () => {
    it('an install begun on one process and finished on the other is stored; an event is answered with its token', async () => {
      const start = await startInstall(host(0).url);
      expect(start.status).toBe(302);
      expect(start.location.searchParams.get('client_id')).toBe(OAUTH_CLIENT.id);
      expect(start.location.searchParams.get('scope')?.split(',')).toEqual(
        expect.arrayContaining([...REQUIRED_BOT_SCOPES, 'users:read']),
      );
      expect(start.cookie).toMatch(/^slack-app-oauth-state=/);
      expect(start.state).not.toBe('');

      fake.oauth.grant('code-T2', {
        teamId: 'T2',
        installerId: 'UINSTALLER2',
        botToken: 'xoxb-T2-installed',
        scopes: [...REQUIRED_BOT_SCOPES],
      });
      const done = await finishInstall(host(1).url, 'code-T2', start);
      expect(done.status).toBe(200);
      expect(fake.oauth.exchanges).toEqual(['code-T2']);

      const store = await installations();
      try {
        expect(await store.botTokenFor('T2')).toBe('xoxb-T2-installed');
        expect(await store.isInstaller('T2', 'UINSTALLER2')).toBe(true);
      } finally {
        await store.close();
      }

      const event = workspaceEvent({ teamId: 'T2' }, mention('how do I opt out?', { channel: 'C2MENTION' }));
      expect((await postToBolt(`${host(0).url}/slack/events`, event)).status).toBe(200);
      const post = await fake.waitFor('the answer in C2MENTION', () =>
        fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C2MENTION'),
      );
      expect(post.authorization).toBe('Bearer xoxb-T2-installed');
    });

    it('an org-wide install is kept for the enterprise and answers events from any of its workspaces', async () => {
      const start = await startInstall(host(1).url);
      fake.oauth.grant('code-E1', {
        enterpriseId: 'E1',
        orgWide: true,
        installerId: 'UORGADMIN',
        botToken: 'xoxb-E1-org',
        scopes: [...REQUIRED_BOT_SCOPES],
      });
      expect((await finishInstall(host(0).url, 'code-E1', start)).status).toBe(200);
      const event = workspaceEvent(
        { teamId: 'T71', enterpriseId: 'E1', orgWide: true },
        mention('what data does it cover?', { channel: 'C71' }),
      );
      expect((await postToBolt(`${host(1).url}/slack/events`, event)).status).toBe(200);
      const post = await fake.waitFor('the answer in C71', () =>
        fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C71'),
      );
      expect(post.authorization).toBe('Bearer xoxb-E1-org');
      const store = await installations();
      try {
        // Seen once, the workspace is known to be served by the enterprise's installation (for the poster).
        expect(await store.botTokenFor('T71')).toBe('xoxb-E1-org');
        expect(await store.isInstaller('T71', 'UORGADMIN')).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('a callback without the state cookie is refused and stores nothing', async () => {
      const start = await startInstall(host(0).url);
      fake.oauth.grant('code-T6', {
        teamId: 'T6',
        installerId: 'U6',
        botToken: 'xoxb-T6',
        scopes: ['chat:write'],
      });
      const done = await finishInstall(host(1).url, 'code-T6', { state: start.state, cookie: '' });
      expect(done.status).not.toBe(200);
      expect(fake.oauth.exchanges).not.toContain('code-T6');
    });

    it('two processes answering events for one workspace at once refresh its expiring token once', async () => {
      // A slow exchange: without the lock both processes would be inside it together.
      fake.oauth.refreshDelayMs = 400;
      const send = (i: number, channel: string) =>
        postToBolt(
          `${host(i).url}/slack/events`,
          workspaceEvent({ teamId: 'T3' }, mention('when is the deadline?', { channel })),
        );
      const answers = await Promise.all([send(0, 'C3A'), send(1, 'C3B')]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const posts = await fake.waitFor(
        'answers in C3A and C3B',
        () => {
          const found = fake
            .callsTo('chat.postMessage')
            .filter((c) => ['C3A', 'C3B'].includes(String(c.args.channel)));
          return found.length === 2 ? found : undefined;
        },
        10_000,
      );
      expect(fake.oauth.refreshes.get('xoxe-1-seeded')).toBe(1);
      expect(fake.oauth.refreshCount).toBe(1);
      expect(posts.map((p) => p.authorization)).toEqual([
        'Bearer xoxe.xoxb-rotated-1',
        'Bearer xoxe.xoxb-rotated-1',
      ]);
    });

    it('app_uninstalled removes the installation and that workspace’s subscriptions only', async () => {
      const event = workspaceEvent(
        { teamId: 'T4' },
        { type: 'app_uninstalled', event_ts: '1700000000.000001' },
      );
      expect((await postToBolt(`${host(1).url}/slack/events`, event)).status).toBe(200);
      const logged = await host(1).main.logged('slack.uninstalled');
      expect(logged).toMatchObject({ event: 'app_uninstalled', workspaces: 1, subscriptions: 2 });

      const store = await installations();
      const announcements = openSqliteStore(databasePath);
      try {
        expect(await store.botTokenFor('T4')).toBeUndefined();
        expect(await store.botTokenFor('T3')).toBeDefined();
        const left = await announcements.listSubscriptions({ platform: 'slack' });
        expect(left.map((s) => s.workspaceId).sort()).toEqual(['T5', 'T8']);
      } finally {
        await store.close();
        await announcements.close();
      }
    });

    it('tokens_revoked for the bot token does the same; for a user token alone, nothing', async () => {
      const userOnly = workspaceEvent(
        { teamId: 'T8' },
        { type: 'tokens_revoked', tokens: { oauth: ['UUSER'] }, event_ts: '1700000000.000002' },
      );
      expect((await postToBolt(`${host(0).url}/slack/events`, userOnly)).status).toBe(200);
      const botRevoked = workspaceEvent(
        { teamId: 'T8' },
        { type: 'tokens_revoked', tokens: { bot: ['UBOT0001'] }, event_ts: '1700000000.000003' },
      );
      expect((await postToBolt(`${host(0).url}/slack/events`, botRevoked)).status).toBe(200);
      expect(await host(0).main.logged('slack.uninstalled')).toMatchObject({
        event: 'tokens_revoked',
        workspaces: 1,
        subscriptions: 1,
      });
      // One removal, for the bot token: the user-token event sent first removed nothing.
      expect(
        host(0)
          .main.stderr()
          .match(/"msg":"slack\.uninstalled"/g),
      ).toHaveLength(1);
      const store = await installations();
      const announcements = openSqliteStore(databasePath);
      try {
        expect(await store.botTokenFor('T8')).toBeUndefined();
        const left = await announcements.listSubscriptions({ platform: 'slack' });
        expect(left.map((s) => s.workspaceId)).toEqual(['T5']);
      } finally {
        await store.close();
        await announcements.close();
      }
    });

    it('no process logged a token or the installer’s id', () => {
      for (const { main } of hosts) {
        expect(main.stderr()).not.toMatch(/xox[a-z]?[.-][A-Za-z0-9]|UINSTALLER|UORGADMIN/);
        expect(main.stderr()).not.toContain(OAUTH_CLIENT.secret);
        expect(main.stderr()).not.toContain(STATE_SECRET);
      }
    });
  });
}

distributionSuite('a SQLite file', async (dir) => {
  const location = path.join(dir, 'slack-installations.sqlite');
  return { location, open: async () => openSqliteInstallations(location), cleanup: async () => {} };
});

describePostgres('distributed Slack on Postgres', () => {
  distributionSuite('the test Postgres', async () => {
    const db = await createDatabase('dist');
    return { location: db.url, open: () => openPostgresInstallations(db.url), cleanup: () => db.drop() };
  });
});
