// Distributed mode's per-workspace parts against the loopback stand-in, through the real Web API client:
// the announcement poster posts with the subscription's own workspace token from the installation store
// (and pauses a workspace with none), and announcement admins are the installer plus Slack's admins and
// owners (users.info), never a fixed list.
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminCheck } from '../../../adapters/slack/admins.js';
import { createSlackPoster } from '../../../adapters/slack/announce-poster.js';
import { MemoryInstallationBackend } from '../../../adapters/slack/installations/memory.js';
import { SlackInstallationStore } from '../../../adapters/slack/installations/store.js';
import { type Occurrence, PostError } from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/index.js';
import { teamInstall } from '../../support/contracts/installation-store-contract.js';
import { FakeSlack } from '../../support/slack/fake-slack.js';
import { realBot } from '../../support/slack/harness.js';

const occurrence: Occurrence = {
  key: 'start:day@2025-11-03T09:00',
  schedule: 'default',
  dateName: 'start',
  kind: 'day',
  daysFromDate: 0,
  at: new Date('2025-11-03T09:00:00Z'),
  local: '2025-11-03T09:00',
  timeZone: 'UTC',
};
/** The real deadline announcement, as the bot process composes it. */
const payload = realBot(new ManualClock(occurrence.at)).deadline();

let fake: FakeSlack;
let store: SlackInstallationStore;

beforeEach(async () => {
  fake = await FakeSlack.start();
  store = new SlackInstallationStore({
    backend: new MemoryInstallationBackend(),
    exchange: async () => {
      throw new Error('not rotating');
    },
    hashSecret: 'a-state-secret-long-enough-for-the-hash',
    logger: silentLogger,
  });
  await store.storeInstallation(teamInstall('TA'));
  await store.storeInstallation(
    teamInstall('TB', { user: { id: 'UOTHER', token: undefined, scopes: undefined } }),
  );
});
afterEach(async () => {
  await store.close();
  await fake.close();
});

describe('the Slack poster in distributed mode', () => {
  it('posts each subscription with its own workspace’s token', async () => {
    const poster = createSlackPoster({
      config: { botToken: undefined, apiUrl: fake.apiUrl },
      installations: store,
      logger: silentLogger,
    });
    for (const workspaceId of ['TA', 'TB']) {
      await poster.post(
        { platform: 'slack', workspaceId, channelId: `C${workspaceId}` },
        occurrence,
        payload,
        {
          idempotencyKey: `oo${workspaceId}`,
        },
      );
    }
    const posts = fake.callsTo('chat.postMessage');
    expect(posts.map((p) => [p.args.channel, p.authorization])).toEqual([
      ['CTA', 'Bearer xoxb-TA-1'],
      ['CTB', 'Bearer xoxb-TB-1'],
    ]);
  });

  it('a workspace with no installation is refused as forbidden, without calling Slack', async () => {
    const poster = createSlackPoster({
      config: { botToken: undefined, apiUrl: fake.apiUrl },
      installations: store,
      logger: silentLogger,
    });
    const attempt = poster.post(
      { platform: 'slack', workspaceId: 'TGONE', channelId: 'C1' },
      occurrence,
      payload,
      {
        idempotencyKey: 'oogone',
      },
    );
    await expect(attempt).rejects.toBeInstanceOf(PostError);
    await expect(attempt).rejects.toMatchObject({ kind: 'forbidden', message: 'not_installed' });
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('announcement admins in distributed mode', () => {
  const client = () =>
    new webApi.WebClient('xoxb-TA-1', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  const check = () => createAdminCheck((teamId, userId) => store.isInstaller(teamId, userId), silentLogger);

  it('the installer is allowed without asking Slack', async () => {
    expect(await check()(client(), 'TA', 'UINSTALLER1')).toBe('allowed');
    expect(fake.callsTo('users.info')).toEqual([]);
  });

  it('the installer of another workspace is not an admin here; workspace admins and owners are', async () => {
    fake.users.set('UINSTALLER1', {});
    fake.users.set('UOWNER', { is_owner: true });
    expect(await check()(client(), 'TB', 'UINSTALLER1')).toBe('refused');
    expect(await check()(client(), 'TB', 'UOWNER')).toBe('allowed');
    expect(await check()(client(), 'TB', 'UOTHER')).toBe('allowed');
  });
});
