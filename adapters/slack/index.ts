// The Slack adapter's public surface: start it, and render core replies as Block Kit (announcements use it).
export {
  createSlackAnnouncementCommands,
  type SlackAnnouncementCommandsOptions,
} from './announce-commands.js';
export { ANNOUNCEMENT_EVENT_TYPE, createSlackPoster, type SlackPosterOptions } from './announce-poster.js';
export {
  DEFAULT_TUNING,
  type SlackHandle,
  type SlackTuning,
  type StartSlackOptions,
  startSlack,
} from './app.js';
export type { AnnouncementContext, AnnouncementSubcommand, AnnouncementsHook } from './deps.js';
export { type SlackStartCode, SlackStartError } from './errors.js';
export { escapeText } from './escape.js';
export { type Block, renderReply, SLACK_LIMITS, type SlackMessage } from './render.js';
