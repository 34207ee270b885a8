// The Slack adapter's public face: its PlatformAdapter and env preset. Everything else in this folder is
// the adapter's own (Bolt app, handlers, Block Kit rendering, the announcement poster).
export { slackPlatform } from './adapter.js';
export { type SlackConfig, slackEnv } from './env.js';
