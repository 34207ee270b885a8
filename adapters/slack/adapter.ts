// Slack as a PlatformAdapter. This file stays light (no Bolt): the app's registry imports it at start-up
// in every mode, and Bolt is loaded only when Slack is configured and started.
import type { PlatformAdapter } from '../kit/index.js';
import { type SlackConfig, slackEnv } from './env.js';

export const slackPlatform: PlatformAdapter<SlackConfig> = {
  name: 'slack',
  env: slackEnv,
  // The HTTP receiver serves /healthz beside /slack/events; Socket Mode has no listener of its own.
  servesHealth: (config) => !config.appToken,
  async start(config, ctx) {
    const [{ startSlack }, { createSlackAnnouncementCommands }] = await Promise.all([
      import('./app.js'),
      import('./announce-commands.js'),
    ]);
    const slack = await startSlack({
      config,
      bot: ctx.bot,
      logger: ctx.logger,
      clock: ctx.clock,
      health: ctx.health,
      healthz: ctx.healthz,
      cooldown: ctx.cooldown,
      insights: ctx.insights,
      announcements: ctx.announcements
        ? createSlackAnnouncementCommands({
            service: ctx.announcements,
            admins: config.announceAdmins,
            logger: ctx.logger,
          })
        : undefined,
    });
    return { stop: slack.stop, details: { mode: config.appToken ? 'socket' : 'http', port: slack.port } };
  },
  async poster(config, ctx) {
    const { createSlackPoster } = await import('./announce-poster.js');
    return { poster: createSlackPoster({ config, logger: ctx.logger }) };
  },
};
