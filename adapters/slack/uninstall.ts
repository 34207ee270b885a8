// Distributed mode: Slack says the app was uninstalled from a workspace (app_uninstalled), or that its bot
// token was revoked (tokens_revoked). Bolt does not delete the installation itself, so this does, and
// removes that workspace's announcement subscriptions (with their delivery records): nothing is kept
// about a workspace that left. For an org-wide install, every workspace seen under it goes.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/core/index.js';
import { errorCode } from './errors.js';
import type { SlackInstallationStore } from './installations/store.js';

/** tokens_revoked lists the kinds of token revoked; only a bot token matters to this app. */
const tokensRevoked = z.object({ tokens: z.object({ bot: z.array(z.string()).optional() }).optional() });

export interface UninstallDeps {
  installations: Pick<SlackInstallationStore, 'uninstall'>;
  /** Remove one workspace's subscriptions (the announcement store's removeWorkspace); absent without announcements. */
  removeWorkspace: ((teamId: string) => Promise<number>) | undefined;
  logger: Logger;
}

export function registerUninstall(app: App, deps: UninstallDeps): void {
  const forget = async (
    event: 'app_uninstalled' | 'tokens_revoked',
    context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
  ) => {
    try {
      const teams = await deps.installations.uninstall({
        teamId: context.teamId,
        enterpriseId: context.enterpriseId,
        isEnterpriseInstall: context.isEnterpriseInstall ?? false,
      });
      let subscriptions = 0;
      for (const team of teams) subscriptions += (await deps.removeWorkspace?.(team)) ?? 0;
      deps.logger.info('slack.uninstalled', { event, workspaces: teams.length, subscriptions });
    } catch (error) {
      deps.logger.error('slack.uninstall_failed', { event, code: errorCode(error) });
    }
  };
  app.event('app_uninstalled', async ({ context }) => forget('app_uninstalled', context));
  app.event('tokens_revoked', async ({ event, context }) => {
    const bot = tokensRevoked.safeParse(event).data?.tokens?.bot ?? [];
    if (bot.length > 0) await forget('tokens_revoked', context);
  });
}
