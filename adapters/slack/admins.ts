// Who may manage this workspace's announcement subscriptions: workspace admins and owners as users.info
// reports them, and besides them, in single-workspace mode the ids the operator listed
// (SLACK_ANNOUNCE_ADMINS), and in distributed mode whoever installed the app in that workspace (recognised
// by a keyed hash of their id kept with the installation; see installations/record.ts). users:read is an
// optional scope (manifest.yaml): a workspace may install the app without it, and then Slack answers
// missing_scope, which is not a passing outage, so it gets its own verdict and the listed ids still work.

import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/core/index.js';
import { errorCode, neededScope } from './errors.js';

/**
 * allowed / refused: Slack said; unknown: it could not say just now (try again); no-scope: it never will,
 * because the app was installed without users:read.
 */
export type AdminVerdict = 'allowed' | 'refused' | 'unknown' | 'no-scope';

export type AdminCheck = (client: webApi.WebClient, teamId: string, userId: string) => Promise<AdminVerdict>;

/** Allowed besides Slack's admins and owners: the listed ids, or the installer of the app. */
export type ExtraAdmins = readonly string[] | ((teamId: string, userId: string) => Promise<boolean>);

export function createAdminCheck(extra: ExtraAdmins, logger: Logger): AdminCheck {
  const listed = typeof extra === 'function' ? undefined : new Set(extra);
  const isExtra = async (teamId: string, userId: string) =>
    listed ? listed.has(userId) : typeof extra === 'function' && (await extra(teamId, userId));
  // A missing scope stays missing until the app is reinstalled: say so once, not at every App Home visit.
  let warned = false;
  return async (client, teamId, userId) => {
    if (await isExtra(teamId, userId)) return 'allowed';
    try {
      const { user } = await client.users.info({ user: userId });
      return user?.is_admin || user?.is_owner || user?.is_primary_owner ? 'allowed' : 'refused';
    } catch (error) {
      const needed = neededScope(error);
      if (needed !== undefined) {
        if (warned) logger.debug('slack.admin_check_unavailable', { needed });
        else logger.warn('slack.admin_check_unavailable', { needed });
        warned = true;
        return 'no-scope';
      }
      logger.warn('slack.announce_admin_check_failed', { error: errorCode(error) });
      return 'unknown';
    }
  };
}
