// Bolt's InstallationStore over a backend (SQLite, Postgres, memory), with token rotation done here,
// once per installation, whichever process gets there first.
//
// Why here: Bolt's installer refreshes an expiring token itself inside authorize(), with no lock, so two
// hosts handling events for one workspace at the same moment both exchange the refresh token (measured:
// two exchanges for two concurrent events on two processes). fetchInstallation refreshes a token a little
// before Bolt would (REFRESH_AHEAD_S), under the installation's lock, re-reading after taking it: the
// first holder exchanges and saves, the others find the fresh token. What Bolt gets back is never inside
// its own refresh window, so it never refreshes. If the exchange fails, Bolt gets the current token with
// its refresh fields removed (it still works until it expires), and the next event tries again.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../../src/core/index.js';
import { errorCode } from '../errors.js';
import type { InstallationBackend } from './backend.js';
import {
  InstallationError,
  type InstallationKey,
  type InstallationRecord,
  keyedHash,
  keyOfInstallation,
  keyOfQuery,
  type StoredInstallation,
  toBolt,
  toStored,
} from './record.js';

/** Bolt refreshes tokens expiring within 2 hours; this store does it 10 minutes earlier. */
export const REFRESH_AHEAD_S = 2 * 3600 + 600;

export interface RefreshedToken {
  accessToken: string;
  refreshToken: string;
  expiresInS: number;
}

/** The oauth.v2.access refresh exchange (refresh.ts); tests count its calls. */
export type ExchangeRefreshToken = (refreshToken: string) => Promise<RefreshedToken>;

export interface SlackInstallationStoreOptions {
  backend: InstallationBackend;
  exchange: ExchangeRefreshToken;
  /** SLACK_STATE_SECRET: keys the hash of the installing user's id. */
  hashSecret: string;
  logger: Logger;
  /** Seconds since the epoch; tests move it. */
  nowS?: () => number;
}

export class SlackInstallationStore implements InstallationStore {
  readonly #o: SlackInstallationStoreOptions;
  readonly #nowS: () => number;
  /** Workspaces already noted as served by an org-wide installation, so the note is written once. */
  readonly #remembered = new Set<string>();

  constructor(options: SlackInstallationStoreOptions) {
    this.#o = options;
    this.#nowS = options.nowS ?? (() => Math.floor(Date.now() / 1000));
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const key = keyOfInstallation(installation);
    const installer = installation.user?.id;
    // Bolt hands back what fetchInstallation gave it (no user id): keep the installer already known.
    const installerHash = installer
      ? keyedHash(this.#o.hashSecret, key, installer)
      : ((await this.#o.backend.find(key))?.installerHash ?? '');
    await this.#o.backend.save({ key, installation: toStored(installation), installerHash });
    this.#o.logger.info('slack.installation_stored', { installation: kind(key) });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const key = keyOfQuery(query);
    if (query.isEnterpriseInstall && query.teamId) await this.#remember(query.teamId, key);
    const record = await this.#fresh(key);
    if (!record) {
      throw new InstallationError('slack_installation_missing', `No installation for this ${kind(key)}`);
    }
    return toBolt(this.#withoutStaleRefresh(record.installation));
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.#o.backend.remove(keyOfQuery(query));
  }

  /**
   * Remove the installation an uninstall or a revoked token names; returns the workspaces it served (the
   * team, or every workspace seen for an org-wide install), whose subscriptions go with it.
   */
  async uninstall(query: InstallationQuery<boolean>): Promise<string[]> {
    const key = keyOfQuery(query);
    const teams = new Set(key.startsWith('enterprise:') ? await this.#o.backend.teamsOf(key) : []);
    if (query.teamId) teams.add(query.teamId);
    await this.#o.backend.remove(key);
    for (const team of teams) this.#remembered.delete(team);
    return [...teams];
  }

  /** The bot token for workspace `teamId` (refreshed if due), or undefined when it is not installed. */
  async botTokenFor(teamId: string): Promise<string | undefined> {
    const key = await this.#keyForTeam(teamId);
    if (!key) return undefined;
    return (await this.#fresh(key))?.installation.bot?.token;
  }

  /** Whether `userId` installed the app that serves workspace `teamId`. */
  async isInstaller(teamId: string, userId: string): Promise<boolean> {
    const key = await this.#keyForTeam(teamId);
    const record = key && (await this.#o.backend.find(key));
    return (
      !!record &&
      record.installerHash !== '' &&
      record.installerHash === keyedHash(this.#o.hashSecret, key, userId)
    );
  }

  close(): Promise<void> {
    return this.#o.backend.close();
  }

  async #keyForTeam(teamId: string): Promise<InstallationKey | undefined> {
    const team: InstallationKey = `team:${teamId}`;
    if (await this.#o.backend.find(team)) return team;
    return this.#o.backend.enterpriseOf(teamId);
  }

  async #remember(teamId: string, key: InstallationKey): Promise<void> {
    if (this.#remembered.has(teamId)) return;
    await this.#o.backend.rememberTeam(teamId, key);
    this.#remembered.add(teamId);
  }

  /** The record, its bot token refreshed first when it is due (once across processes). */
  async #fresh(key: InstallationKey): Promise<InstallationRecord | undefined> {
    const record = await this.#o.backend.find(key);
    if (!record || !this.#due(record.installation)) return record;
    try {
      return await this.#o.backend.withLock(key, async () => {
        // Re-read under the lock: another process may have refreshed while this one waited.
        const current = await this.#o.backend.find(key);
        const bot = current?.installation.bot;
        if (!current || !bot?.refreshToken || !this.#due(current.installation)) return current;
        const refreshed = await this.#o.exchange(bot.refreshToken);
        const updated: InstallationRecord = {
          ...current,
          installation: {
            ...current.installation,
            bot: {
              ...bot,
              token: refreshed.accessToken,
              refreshToken: refreshed.refreshToken,
              expiresAt: this.#nowS() + refreshed.expiresInS,
            },
          },
        };
        await this.#o.backend.save(updated);
        this.#o.logger.info('slack.token_refreshed', { installation: kind(key) });
        return updated;
      });
    } catch (err) {
      this.#o.logger.warn('slack.token_refresh_failed', {
        installation: kind(key),
        code: errorCode(err),
      });
      return record;
    }
  }

  #due(installation: StoredInstallation): boolean {
    const bot = installation.bot;
    return (
      !!bot?.refreshToken && bot.expiresAt !== undefined && bot.expiresAt - this.#nowS() <= REFRESH_AHEAD_S
    );
  }

  /** Bolt must never refresh by itself (it has no lock): a token still due after a failed refresh loses its refresh fields. */
  #withoutStaleRefresh(installation: StoredInstallation): StoredInstallation {
    const { refreshToken: _r, expiresAt: _e, ...user } = installation.user;
    const stripped = { ...installation, user };
    if (!installation.bot || !this.#due(installation)) return stripped;
    const { refreshToken: _br, expiresAt: _be, ...bot } = installation.bot;
    return { ...stripped, bot };
  }
}

/** What a log line may say about an installation: its kind, never its tokens. */
function kind(key: InstallationKey): 'team' | 'enterprise' {
  return key.startsWith('enterprise:') ? 'enterprise' : 'team';
}
