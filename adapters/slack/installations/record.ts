// What is kept per installation, and the key it is kept under. An org-wide (Enterprise Grid) install is
// one installation for every workspace of the organisation, keyed by the enterprise id; any other install
// is keyed by its workspace (team) id. The record holds the tokens (secrets: never logged) and Slack's
// ids for the bot, but not the installing user's id: only a keyed hash of it, enough to recognise them as
// an announcement admin (admins.ts) without storing who they are.
import { createHmac } from 'node:crypto';
import type { Installation, InstallationQuery } from '@slack/bolt';
import { z } from 'zod';
import { CodedError } from '../../../src/core/index.js';

export type InstallationKey = `team:${string}` | `enterprise:${string}`;

/** A key as read back from a database column. */
export const installationKey = z.custom<InstallationKey>(
  (v) => typeof v === 'string' && /^(team|enterprise):./.test(v),
);

/** The installation as stored: Bolt's Installation without the installing user's id. */
export const storedInstallation = z.object({
  team: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  enterprise: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  user: z.object({
    token: z.string().optional(),
    refreshToken: z.string().optional(),
    expiresAt: z.number().optional(),
    scopes: z.array(z.string()).optional(),
  }),
  bot: z
    .object({
      token: z.string(),
      refreshToken: z.string().optional(),
      expiresAt: z.number().optional(),
      scopes: z.array(z.string()),
      id: z.string(),
      userId: z.string(),
    })
    .optional(),
  appId: z.string().optional(),
  tokenType: z.literal('bot').optional(),
  enterpriseUrl: z.string().optional(),
  isEnterpriseInstall: z.boolean().optional(),
  authVersion: z.enum(['v1', 'v2']).optional(),
  metadata: z.string().optional(),
});
export type StoredInstallation = z.infer<typeof storedInstallation>;

export interface InstallationRecord {
  key: InstallationKey;
  installation: StoredInstallation;
  /** keyedHash of the installing user's id; '' when Slack named none. */
  installerHash: string;
}

export class InstallationError extends CodedError {}

export function keyOfQuery(query: InstallationQuery<boolean>): InstallationKey {
  if (query.isEnterpriseInstall && query.enterpriseId) return `enterprise:${query.enterpriseId}`;
  if (query.teamId) return `team:${query.teamId}`;
  throw new InstallationError(
    'slack_installation_query_invalid',
    'An installation query named no team or enterprise',
  );
}

export function keyOfInstallation(installation: Installation): InstallationKey {
  if (installation.isEnterpriseInstall && installation.enterprise?.id) {
    return `enterprise:${installation.enterprise.id}`;
  }
  if (installation.team?.id) return `team:${installation.team.id}`;
  throw new InstallationError('slack_installation_invalid', 'An installation named no team or enterprise');
}

/** HMAC of a user id within one installation: recognisable with the secret, meaningless without it. */
export function keyedHash(secret: string, key: InstallationKey, userId: string): string {
  return createHmac('sha256', secret).update(`slack-installer|${key}|${userId}`).digest('hex');
}

/** The installation as stored, from Bolt's (dropping the installing user's id and the incoming webhook). */
export function toStored(installation: Installation): StoredInstallation {
  const { user, incomingWebhook: _webhook, ...rest } = installation;
  const { id: _id, ...userRest } = user;
  return storedInstallation.parse({ ...stripNulls(rest), user: stripNulls(userRest) });
}

/** Bolt's Installation from the stored one; the user id is '' (it is not kept; Bolt does not read it). */
export function toBolt(stored: StoredInstallation): Installation<'v1' | 'v2', boolean> {
  const { team, enterprise, user, ...rest } = stored;
  return { ...rest, team, enterprise, user: { ...user, id: '', token: user.token, scopes: user.scopes } };
}

/** Slack answers some absent fields with null; zod's optional() wants them absent. */
function stripNulls(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}
