// The installation-store contract over the three backends: memory, a real SQLite file (two connections
// racing as two processes would), and the test PostgreSQL (two pools).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryInstallationBackend } from '../../../../adapters/slack/installations/memory.js';
import { openInstallationBackend } from '../../../../adapters/slack/installations/open.js';
import { openPostgresInstallations } from '../../../../adapters/slack/installations/postgres.js';
import { openSqliteInstallations } from '../../../../adapters/slack/installations/sqlite.js';
import { SlackInstallationStore } from '../../../../adapters/slack/installations/store.js';
import { silentLogger } from '../../../../src/core/index.js';
import {
  installationStoreContract,
  teamInstall,
} from '../../../support/contracts/installation-store-contract.js';
import { createDatabase, describePostgres } from '../../../support/postgres/database.js';

installationStoreContract('memory', async () => {
  const backend = new MemoryInstallationBackend();
  return { open: async () => backend, cleanup: async () => {} };
});

installationStoreContract('sqlite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slack-inst-'));
  const file = path.join(dir, 'installations.sqlite');
  return {
    open: async () => openSqliteInstallations(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describePostgres('postgres installations', () => {
  installationStoreContract('postgres', async () => {
    const db = await createDatabase('inst');
    return { open: () => openPostgresInstallations(db.url), cleanup: () => db.drop() };
  });
});

describe('the SQLite installation file', () => {
  it('keeps no raw installer id, and a removed token is not left in the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slack-inst-'));
    const file = path.join(dir, 'installations.sqlite');
    try {
      const store = new SlackInstallationStore({
        backend: openSqliteInstallations(file),
        exchange: async () => {
          throw new Error('not used');
        },
        hashSecret: 'a-secret-that-is-long-enough-for-the-hash',
        logger: silentLogger,
      });
      await store.storeInstallation(teamInstall('T1'));
      await store.storeInstallation(teamInstall('T2'));
      await store.uninstall({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      await store.close();
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes).toContain('xoxb-T2-1');
      expect(bytes).not.toContain('xoxb-T1-1');
      expect(bytes).not.toContain('UINSTALLER1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that cannot be opened is an error naming SLACK_INSTALLATION_STORE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slack-inst-'));
    try {
      expect(() => openSqliteInstallations(dir)).toThrow(/SLACK_INSTALLATION_STORE=/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('opening SLACK_INSTALLATION_STORE', () => {
  it('a Postgres URL that cannot be reached is named by that variable, without its password', async () => {
    const attempt = openInstallationBackend('postgres://bot:hunter2@127.0.0.1:1/bot');
    await expect(attempt).rejects.toMatchObject({ code: 'slack_installation_store_unusable' });
    await expect(attempt).rejects.toThrow(
      /^Cannot use the Slack installation store SLACK_INSTALLATION_STORE=postgres:\/\/bot:\*\*\*@/,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2|DATABASE_URL/);
  });
});
