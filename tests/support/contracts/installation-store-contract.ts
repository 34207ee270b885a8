// The installation-store contract: what every backend (memory, SQLite, Postgres) must do behind Bolt's
// InstallationStore, with token rotation on top. `open()` gives a new handle on the same storage each
// call (for the memory backend, the same one), so two handles race as two hosts would.
import type { Installation } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstallationBackend } from '../../../adapters/slack/installations/backend.js';
import {
  type ExchangeRefreshToken,
  REFRESH_AHEAD_S,
  SlackInstallationStore,
} from '../../../adapters/slack/installations/store.js';
import { createMemoryLogger } from '../../../src/core/log.js';

export interface InstallationStorage {
  open(): Promise<InstallationBackend>;
  cleanup(): Promise<void>;
}

const SECRET = 'state-secret-for-the-installation-store-contract';

export function teamInstall(teamId: string, over: Partial<Installation> = {}): Installation {
  return {
    team: { id: teamId, name: 'Loopback' },
    enterprise: undefined,
    user: { id: 'UINSTALLER1', token: undefined, scopes: undefined },
    bot: {
      token: `xoxb-${teamId}-1`,
      scopes: ['chat:write', 'commands'],
      id: 'BBOT0001',
      userId: 'UBOT0001',
    },
    appId: 'A0000001',
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
    ...over,
  };
}

function orgInstall(enterpriseId: string): Installation {
  return {
    team: undefined,
    enterprise: { id: enterpriseId, name: 'Grid' },
    user: { id: 'UORGADMIN1', token: undefined, scopes: undefined },
    bot: { token: `xoxb-${enterpriseId}-org`, scopes: ['chat:write'], id: 'BBOT0001', userId: 'UBOT0001' },
    isEnterpriseInstall: true,
    enterpriseUrl: 'https://grid.example.slack.com/',
    authVersion: 'v2',
  };
}

/** A rotating installation whose token expires `inS` seconds from now. */
function rotating(teamId: string, inS: number): Installation {
  return teamInstall(teamId, {
    bot: {
      token: 'xoxe.xoxb-old',
      refreshToken: 'xoxe-1-old',
      expiresAt: Math.floor(Date.now() / 1000) + inS,
      scopes: ['chat:write'],
      id: 'BBOT0001',
      userId: 'UBOT0001',
    },
  });
}

/** A refresh exchange that counts its calls and takes `delayMs`, issuing a new token each time. */
function countingExchange(delayMs = 0) {
  const calls: string[] = [];
  const exchange: ExchangeRefreshToken = async (refreshToken) => {
    const n = calls.push(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { accessToken: `xoxe.xoxb-new-${n}`, refreshToken: `xoxe-1-new-${n}`, expiresInS: 43_200 };
  };
  return { calls, exchange };
}

export function installationStoreContract(name: string, storage: () => Promise<InstallationStorage>): void {
  describe(`installation store contract: ${name}`, () => {
    let current: InstallationStorage;
    const handles: SlackInstallationStore[] = [];
    const logger = createMemoryLogger();
    const open = async (exchange: ExchangeRefreshToken = countingExchange().exchange) => {
      const store = new SlackInstallationStore({
        backend: await current.open(),
        exchange,
        hashSecret: SECRET,
        logger,
      });
      handles.push(store);
      return store;
    };

    beforeEach(async () => {
      current = await storage();
      logger.lines.length = 0;
    });
    afterEach(async () => {
      for (const h of handles.splice(0)) await h.close();
      await current.cleanup();
    });

    it('a team install is fetched back with its bot token, without the installer id', async () => {
      const store = await open();
      await store.storeInstallation(teamInstall('T1'));
      const got = await store.fetchInstallation({
        teamId: 'T1',
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      expect(got.bot?.token).toBe('xoxb-T1-1');
      expect(got.bot?.userId).toBe('UBOT0001');
      expect(got.team?.id).toBe('T1');
      expect(got.user.id).toBe('');
      expect(await store.botTokenFor('T1')).toBe('xoxb-T1-1');
    });

    it('the installer is recognised by a keyed hash; anyone else, or another workspace, is not', async () => {
      const store = await open();
      await store.storeInstallation(teamInstall('T1'));
      expect(await store.isInstaller('T1', 'UINSTALLER1')).toBe(true);
      expect(await store.isInstaller('T1', 'USOMEONE01')).toBe(false);
      expect(await store.isInstaller('T2', 'UINSTALLER1')).toBe(false);
    });

    it('a reinstall replaces the token and the installer', async () => {
      const store = await open();
      await store.storeInstallation(teamInstall('T1'));
      await store.storeInstallation(
        teamInstall('T1', {
          user: { id: 'UNEWADMIN1', token: undefined, scopes: undefined },
          bot: { token: 'xoxb-T1-2', scopes: ['chat:write'], id: 'BBOT0001', userId: 'UBOT0001' },
        }),
      );
      expect(await store.botTokenFor('T1')).toBe('xoxb-T1-2');
      expect(await store.isInstaller('T1', 'UNEWADMIN1')).toBe(true);
      expect(await store.isInstaller('T1', 'UINSTALLER1')).toBe(false);
    });

    it('an unknown workspace is refused with a code', async () => {
      const store = await open();
      await expect(
        store.fetchInstallation({ teamId: 'TNONE', enterpriseId: undefined, isEnterpriseInstall: false }),
      ).rejects.toMatchObject({ code: 'slack_installation_missing' });
      expect(await store.botTokenFor('TNONE')).toBeUndefined();
    });

    it('deleteInstallation removes it for every handle', async () => {
      const a = await open();
      const b = await open();
      await a.storeInstallation(teamInstall('T1'));
      await b.deleteInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      await expect(
        a.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false }),
      ).rejects.toMatchObject({ code: 'slack_installation_missing' });
    });

    it('an org-wide install is keyed by its enterprise and serves its workspaces once seen', async () => {
      const store = await open();
      await store.storeInstallation(orgInstall('E1'));
      const query = { teamId: 'T7', enterpriseId: 'E1', isEnterpriseInstall: true };
      expect((await store.fetchInstallation(query)).bot?.token).toBe('xoxb-E1-org');
      // A workspace's own lookup does not find an org install...
      await expect(
        store.fetchInstallation({ teamId: 'T7', enterpriseId: 'E1', isEnterpriseInstall: false }),
      ).rejects.toMatchObject({ code: 'slack_installation_missing' });
      // ...but the poster, knowing only the workspace, does once an event from it was seen.
      expect(await (await open()).botTokenFor('T7')).toBe('xoxb-E1-org');
      expect(await store.isInstaller('T7', 'UORGADMIN1')).toBe(true);
    });

    it('uninstalling an org-wide install names every workspace seen under it and forgets them', async () => {
      const store = await open();
      await store.storeInstallation(orgInstall('E1'));
      await store.storeInstallation(teamInstall('T9'));
      for (const teamId of ['T7', 'T8']) {
        await store.fetchInstallation({ teamId, enterpriseId: 'E1', isEnterpriseInstall: true });
      }
      const teams = await store.uninstall({
        teamId: undefined,
        enterpriseId: 'E1',
        isEnterpriseInstall: true,
      });
      expect(teams.sort()).toEqual(['T7', 'T8']);
      expect(await store.botTokenFor('T7')).toBeUndefined();
      expect(await store.botTokenFor('T9')).toBe('xoxb-T9-1');
    });

    it('a token far from expiry is not refreshed', async () => {
      const { calls, exchange } = countingExchange();
      const store = await open(exchange);
      await store.storeInstallation(rotating('T1', REFRESH_AHEAD_S + 600));
      const got = await store.fetchInstallation({
        teamId: 'T1',
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      expect(calls).toEqual([]);
      expect(got.bot?.token).toBe('xoxe.xoxb-old');
    });

    it('a token about to expire is refreshed once, stored, and handed out fresh beyond Bolt’s own window', async () => {
      const { calls, exchange } = countingExchange();
      const store = await open(exchange);
      await store.storeInstallation(rotating('T1', 60));
      const query = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false };
      const got = await store.fetchInstallation(query);
      expect(calls).toEqual(['xoxe-1-old']);
      expect(got.bot?.token).toBe('xoxe.xoxb-new-1');
      expect(got.bot?.refreshToken).toBe('xoxe-1-new-1');
      // Bolt refreshes whatever expires within 2 hours: this must be well outside that.
      expect((got.bot?.expiresAt ?? 0) - Date.now() / 1000).toBeGreaterThan(7200);
      expect((await store.fetchInstallation(query)).bot?.token).toBe('xoxe.xoxb-new-1');
      expect(calls).toHaveLength(1);
    });

    it('two handles racing for an expiring token refresh it once, and both get the new one', async () => {
      const { calls, exchange } = countingExchange(150);
      const a = await open(exchange);
      const b = await open(exchange);
      await a.storeInstallation(rotating('T1', 60));
      const query = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false };
      const got = await Promise.all([
        a.fetchInstallation(query),
        b.fetchInstallation(query),
        a.fetchInstallation(query),
        b.botTokenFor('T1'),
      ]);
      expect(calls).toEqual(['xoxe-1-old']);
      expect(got.map((g) => (typeof g === 'object' ? g.bot?.token : g))).toEqual(
        Array(4).fill('xoxe.xoxb-new-1'),
      );
    });

    it('many installations due at once are all refreshed, each once', async () => {
      const { calls, exchange } = countingExchange(50);
      const store = await open(exchange);
      const teams = Array.from({ length: 8 }, (_, i) => `TM${i}`);
      for (const team of teams) await store.storeInstallation(rotating(team, 60));
      const tokens = await Promise.all(teams.map((team) => store.botTokenFor(team)));
      expect(calls).toHaveLength(8);
      expect(new Set(tokens).size).toBe(8);
      for (const token of tokens) expect(token).toMatch(/^xoxe\.xoxb-new-\d$/);
    });

    it('a failed refresh hands out the current token without its refresh fields, and the next fetch retries', async () => {
      let fail = true;
      const { calls, exchange } = countingExchange();
      const store = await open(async (token) => {
        if (fail) throw Object.assign(new Error('no'), { code: 'slack_webapi_request_error' });
        return exchange(token);
      });
      await store.storeInstallation(rotating('T1', 60));
      const query = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false };
      const stale = await store.fetchInstallation(query);
      expect(stale.bot?.token).toBe('xoxe.xoxb-old');
      // Without these Bolt cannot start a refresh of its own (it has no lock).
      expect(stale.bot?.refreshToken).toBeUndefined();
      expect(stale.bot?.expiresAt).toBeUndefined();
      expect(logger.lines.some((l) => l.msg === 'slack.token_refresh_failed')).toBe(true);
      fail = false;
      expect((await store.fetchInstallation(query)).bot?.token).toBe('xoxe.xoxb-new-1');
      expect(calls).toHaveLength(1);
    });

    it('no token, refresh token or installer id reaches the log', async () => {
      const store = await open();
      await store.storeInstallation(rotating('T1', 60));
      await store.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      await store.uninstall({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      const text = JSON.stringify(logger.lines);
      expect(logger.lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining(['slack.installation_stored', 'slack.token_refreshed']),
      );
      expect(text).not.toMatch(/xox|UINSTALLER1/);
    });
  });
}
