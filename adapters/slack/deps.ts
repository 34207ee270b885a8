// What every Slack handler needs, built once in startSlack.

import type { webApi } from '@slack/bolt';
import type { Bot, Logger } from '../../src/core/index.js';
import type { ErrorSink, Gate } from '../kit/index.js';
import type { RecentEvents } from './guard.js';
import type { SlackMessage } from './render.js';
import type { ReplyQueue } from './reply-queue.js';

export const ANNOUNCEMENT_SUBCOMMANDS = ['subscribe', 'unsubscribe', 'status'] as const;
export type AnnouncementSubcommand = (typeof ANNOUNCEMENT_SUBCOMMANDS)[number];

/** The slash command as the announcements feature needs it (ids are for its own checks, not for logs). */
export interface AnnouncementContext {
  /** Whatever followed the sub-command, as plain text. */
  args: string;
  teamId: string;
  channelId: string;
  userId: string;
  /** The bot's Web API client, e.g. to check whether the user is an admin. */
  client: webApi.WebClient;
}

/**
 * The announcement sub-commands, plugged in when this process runs announcements (adapter.ts builds it
 * from the app's service). Without it, the sub-commands say announcements are not set
 * up. Its answer is posted ephemerally after the command is acknowledged, so it may take its time.
 */
export interface AnnouncementsHook {
  handle(sub: AnnouncementSubcommand, ctx: AnnouncementContext): Promise<SlackMessage | string>;
}

export interface SlackDeps {
  bot: Bot;
  logger: Logger;
  /** Cooldown, routing and error isolation in front of the bot (adapters/kit/gate.ts). */
  gate: Gate;
  sink: ErrorSink;
  recent: RecentEvents;
  /** Posts replies per channel, with timeouts and retries (see reply-queue.ts). */
  replies: ReplyQueue;
  announcements: AnnouncementsHook | undefined;
}
