// A Slack harness with announcements running, as the app runs them: the real announcement service on a
// SQLite file in a temp folder, its Slack Poster and the adapter's announcements hook
// (createSlackAnnouncementCommands), all pointed at the harness's stand-in.
import path from 'node:path';
import { createSlackAnnouncementCommands } from '../../../adapters/slack/announce-commands.js';
import { createSlackPoster } from '../../../adapters/slack/announce-poster.js';
import type { AnnouncementsHook } from '../../../adapters/slack/deps.js';
import {
  type AnnouncementService,
  composeWithBot,
  createAnnouncementService,
  type Target,
} from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createBot, type Knowledge, loadKnowledge } from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { tempDir } from '../announce-helpers.js';
import { multilingualBot } from '../languages.js';
import { BOT, type FakeSlack } from './fake-slack.js';
import { BOT_TOKEN, type Harness, type HarnessOptions, NOW, realBot, startHarness } from './harness.js';

let knowledge: Knowledge | undefined;
function theKnowledge(): Knowledge {
  knowledge ??= loadKnowledge();
  return knowledge;
}

export interface Announcing {
  h: Harness;
  service: AnnouncementService;
  /** What the hook logged (its own logger, as in the app). */
  hookLogger: ReturnType<typeof createMemoryLogger>;
  /** Subscribe a channel directly in the store, as an earlier `/optout subscribe` would have. */
  subscribe(
    channelId: string,
    extra?: Partial<Target> & { timeZone?: string; language?: string },
  ): Promise<void>;
  close(): Promise<void>;
}

export interface AnnouncingOptions extends Omit<HarnessOptions, 'announcements'> {
  /** SLACK_ANNOUNCE_ADMINS. */
  admins?: string[];
}

export async function startAnnouncing(opts: AnnouncingOptions = {}): Promise<Announcing> {
  const temp = tempDir();
  const clock = new ManualClock(NOW);
  const hookLogger = createMemoryLogger();
  let service: AnnouncementService | undefined;
  let hook: AnnouncementsHook | undefined;
  const ready = () => {
    if (!hook) throw new Error('hook not ready');
    return hook;
  };
  const h = await startHarness({
    ...opts,
    // The service needs the stand-in's address, which exists only once the harness starts it.
    prepare: (fake: FakeSlack) => {
      opts.prepare?.(fake);
      const logger = createMemoryLogger();
      service = createAnnouncementService({
        databasePath: path.join(temp.dir, 'announce.sqlite'),
        dates: realBot(clock).dates(),
        compose: composeWithBot((c) => createBot({ knowledge: theKnowledge(), clock: c })),
        posters: {
          slack: createSlackPoster({ config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl }, logger }),
        },
        clock,
        logger,
      });
      hook = createSlackAnnouncementCommands({
        voice: multilingualBot(clock),
        service,
        admins: opts.admins ?? [],
        clock,
        logger: hookLogger,
      });
    },
    announcements: {
      handle: (sub, ctx) => ready().handle(sub, ctx),
      overview: (viewer) => ready().overview(viewer),
    },
  });
  if (!service) throw new Error('service not started');
  const started = service;
  return {
    h,
    service: started,
    hookLogger,
    subscribe: async (channelId, extra = {}) => {
      await started.store.subscribe(
        {
          platform: 'slack',
          workspaceId: BOT.teamId,
          channelId,
          schedule: 'default',
          timeZone: 'UTC',
          subscribedBy: 'UADMIN0001',
          ...extra,
        },
        clock.now(),
      );
    },
    close: async () => {
      await h.close();
      await started.stop();
      temp.cleanup();
    },
  };
}
