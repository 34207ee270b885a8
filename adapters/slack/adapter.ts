// Slack as a PlatformAdapter. This file stays light (no Bolt): the app's registry imports it at start-up
// in every mode, and Bolt is loaded only when Slack is configured and started.
import type { Logger } from '../../src/core/index.js';
import type { PlatformAdapter } from '../kit/index.js';
import { type SlackConfig, type SlackDistribution, slackEnv } from './env.js';

/** Distributed mode's installation store, with the refresh exchange at the configured API. */
async function openInstallations(d: SlackDistribution, apiUrl: string | undefined, logger: Logger) {
  const [{ openInstallationStore }, { refreshExchange }] = await Promise.all([
    import('./installations/open.js'),
    import('./installations/refresh.js'),
  ]);
  return openInstallationStore({
    location: d.installationStore,
    hashSecret: d.stateSecret,
    logger,
    exchange: refreshExchange({
      clientId: d.clientId,
      clientSecret: d.clientSecret,
      slackApiUrl: apiUrl?.replace(/\/*$/, '/'),
      timeoutMs: 10_000,
      logger,
    }),
  });
}

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
    const installations = config.distribution
      ? await openInstallations(config.distribution, config.apiUrl, ctx.logger)
      : undefined;
    const service = ctx.announcements;
    const slack = await startSlack({
      config,
      installations,
      removeWorkspace: service ? (teamId) => service.store.removeWorkspace('slack', teamId) : undefined,
      bot: ctx.bot,
      logger: ctx.logger,
      clock: ctx.clock,
      health: ctx.health,
      healthz: ctx.healthz,
      cooldown: ctx.cooldown,
      state: ctx.state,
      insights: ctx.insights,
      announcements: service
        ? createSlackAnnouncementCommands({
            voice: ctx.bot,
            service,
            // One workspace: the operator's list; distributed: whoever installed the app there.
            admins: installations
              ? (teamId, userId) => installations.isInstaller(teamId, userId)
              : config.announceAdmins,
            logger: ctx.logger,
          })
        : undefined,
    }).catch(async (err: unknown) => {
      await installations?.close();
      throw err;
    });
    const mode = config.distribution ? 'distributed' : config.appToken ? 'socket' : 'http';
    let stopped = false;
    return {
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await slack.stop();
        await installations?.close();
      },
      details: { mode, port: slack.port },
    };
  },
  async poster(config, ctx) {
    const { createSlackPoster } = await import('./announce-poster.js');
    if (!config.distribution) return { poster: createSlackPoster({ config, logger: ctx.logger }) };
    // Its own handle on the store: the poster is built (and stopped) apart from the Bolt app.
    const installations = await openInstallations(config.distribution, config.apiUrl, ctx.logger);
    return {
      poster: createSlackPoster({ config, logger: ctx.logger, installations }),
      stop: () => installations.close(),
    };
  },
};
