// What every Slack handler needs, built once in startSlack.

import type { webApi } from '@slack/bolt';
import type { Subscription } from '../../src/announce/index.js';
import type { Bot, Logger } from '../../src/core/index.js';
import type { ErrorSink, Gate } from '../kit/index.js';
import type { EventDedup } from './guard.js';
import type { LocaleLookup } from './locale.js';
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
  /**
   * The user's Slack locale (`fr-FR`), looked up only when called (the language of the reply, and of a
   * `subscribe` naming none); undefined when Slack does not say (no users:read, a slow answer).
   */
  locale(): Promise<string | undefined>;
}

/** The hook showed its answer itself (see AnnouncementsHook.handle): nothing is left to send. */
export const SHOWN = { shown: true } as const;

/** What the hook answers: a message for the command's response_url, or SHOWN. */
export type AnnouncementAnswer = SlackMessage | string | typeof SHOWN;

/** Whoever opened the App Home, as the announcements feature needs it. */
export interface HomeViewer {
  teamId: string;
  userId: string;
  client: webApi.WebClient;
}

/**
 * What the App Home may show this viewer about announcements: this workspace's subscriptions for an admin;
 * otherwise why not (not an admin, Slack could not say just now, or users:read was not granted).
 */
export type AnnouncementOverview =
  | { access: 'admin'; subscriptions: Subscription[] }
  | { access: 'not-admin' | 'cannot-check' | 'no-scope' };

/**
 * The announcement sub-commands and the App Home's view of them, plugged in when this process runs
 * announcements (adapter.ts builds it from the app's service). Without it, the sub-commands say
 * announcements are not set up. The answer is shown after the command is acknowledged, so it may take
 * its time; `subscribe` shows a success itself with chat.postEphemeral, which also tells whether the bot
 * can post in the channel, and answers SHOWN.
 */
export interface AnnouncementsHook {
  handle(sub: AnnouncementSubcommand, ctx: AnnouncementContext): Promise<AnnouncementAnswer>;
  overview(viewer: HomeViewer): Promise<AnnouncementOverview>;
}

export interface SlackDeps {
  bot: Bot;
  logger: Logger;
  /** Cooldown, routing and error isolation in front of the bot (adapters/kit/gate.ts). */
  gate: Gate;
  sink: ErrorSink;
  /** Drops redelivered events, across hosts when the state is shared (see guard.ts). */
  events: EventDedup;
  /** Posts replies per channel, with timeouts and retries (see reply-queue.ts). */
  replies: ReplyQueue;
  announcements: AnnouncementsHook | undefined;
  /** The asker's Slack locale, looked up only when a question's words cannot tell its language. */
  locales: LocaleLookup;
}
