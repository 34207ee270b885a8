// The Slack Poster when the optional channels:history / groups:history scopes were declined: Slack answers
// conversations.history with missing_scope, findPosted says 'unknown' (the runner's "cannot tell"), and
// the runner and settle do what the scopes table in docs/slack.md says: an unfinished delivery left by a crash
// is not posted again, and a post that timed out after it landed is posted a second time.
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackPoster } from '../../../adapters/slack/announce-poster.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  type Poster,
  type Target,
} from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createBot, type Knowledge, loadKnowledge } from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { tempDir } from '../../support/announce-helpers.js';
import { FakeSlack } from '../../support/slack/fake-slack.js';
import { BOT_TOKEN, realBot } from '../../support/slack/harness.js';

const TEAM = 'T0000001';
const PUBLIC = 'C0ANNOUNCE';
const PRIVATE = 'G0PRIVATE1';
const target: Target = { platform: 'slack', workspaceId: TEAM, channelId: PUBLIC };
/** The 7-days-before milestone of the default schedule in UTC. */
const DUE_AT = new Date('2025-10-27T09:00:00Z');
const OCCURRENCE = 'start:before-7@2025-10-27T09:00';
/** What the manifest requires; the three optional scopes are declined. */
const REQUIRED = ['app_mentions:read', 'chat:write', 'commands', 'im:history'];

const temp = tempDir();
afterAll(() => temp.cleanup());
let knowledge: Knowledge | undefined;
function theKnowledge(): Knowledge {
  knowledge ??= loadKnowledge();
  return knowledge;
}
const compose = composeWithBot((clock) => createBot({ knowledge: theKnowledge(), clock }));

describe('the Slack Poster without the history scopes', () => {
  let fake: FakeSlack;
  let logger: ReturnType<typeof createMemoryLogger>;
  let poster: Poster;
  let n = 0;
  beforeEach(async () => {
    fake = await FakeSlack.start({ scopes: REQUIRED });
    logger = createMemoryLogger();
    poster = createSlackPoster({
      config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl },
      logger,
      timeoutMs: 300,
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  /** The service as the bot process runs it, on a fresh SQLite file, with the channel subscribed. */
  async function service(
    clock: { now: () => Date },
    file = `history-${++n}.sqlite`,
  ): Promise<AnnouncementService> {
    const s = createAnnouncementService({
      databasePath: path.join(temp.dir, file),
      dates: realBot(new ManualClock(DUE_AT)).dates(),
      compose,
      posters: { slack: poster },
      clock,
      logger,
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
    });
    await s.store.subscribe(
      { ...target, schedule: 'default', timeZone: 'UTC', subscribedBy: 'UADMIN001' },
      new Date('2025-10-01T00:00:00Z'),
    );
    return s;
  }

  it('findPosted says unknown for public and private channels, and warns once naming the scope', async () => {
    expect(await poster.findPosted?.(target, 'oo_key_000000000000000000')).toBe('unknown');
    expect(await poster.findPosted?.({ ...target, channelId: PRIVATE }, 'oo_key_000000000000000000')).toBe(
      'unknown',
    );
    // Slack was asked, and refused for want of the scope.
    expect(fake.callsTo('conversations.history').map((c) => c.args.channel)).toEqual([PUBLIC, PRIVATE]);
    expect(logger.lines.filter((l) => l.msg === 'slack.announce_history_unavailable')).toEqual([
      expect.objectContaining({ level: 'warn', needed: 'channels:history' }),
    ]);
    expect(logger.lines.filter((l) => l.msg === 'slack.announce_history_failed')).toEqual([]);
  });

  it('a delivery a crashed process left claimed is marked unknown and not posted again', async () => {
    const first = await service({ now: () => new Date(DUE_AT.getTime() + 1000) }, 'crash.sqlite');
    const sub = await first.store.getSubscription(target);
    if (!sub) throw new Error('no subscription');
    const claimedAt = new Date(DUE_AT.getTime() + 1000);
    await first.store.heartbeat('dead-runner', claimedAt);
    await first.store.claim({
      subscriptionId: sub.id,
      occurrenceKey: OCCURRENCE,
      scheduledAt: DUE_AT,
      owner: 'dead-runner',
      now: claimedAt,
      maxAttempts: 3,
    });
    await first.stop();
    // The dead runner's claim is older than the 60 s after which a silent runner counts as dead.
    const settler = await service({ now: () => new Date(DUE_AT.getTime() + 120_000) }, 'crash.sqlite');
    try {
      const report = await settler.scheduler.tick();
      expect(report?.settled).toEqual(['unknown']);
      expect(fake.callsTo('chat.postMessage')).toEqual([]);
      expect(await settler.store.getDelivery(sub.id, OCCURRENCE)).toMatchObject({ state: 'unknown' });
    } finally {
      await settler.stop();
    }
  });

  it('a post that timed out after Slack took it cannot be found, so it is posted again (the trade-off)', async () => {
    const start = DUE_AT.getTime() + 30_000;
    const t0 = Date.now();
    const s = await service({ now: () => new Date(start + (Date.now() - t0)) });
    try {
      fake.script('chat.postMessage', PUBLIC, { land: true, delayMs: 1000 });
      const report = await s.scheduler.tick();
      expect(report?.fanOut).toMatchObject({ posted: 1 });
      expect(fake.callsTo('conversations.history')).toHaveLength(1);
      expect(fake.announcementsIn(PUBLIC)).toHaveLength(2);
    } finally {
      await s.stop();
    }
  });
});
