// Opening the installation store SLACK_INSTALLATION_STORE names: a postgres:// URL, or a SQLite file.
import type { Logger } from '../../../src/core/index.js';
import { isPostgresUrl, PostgresOpenError, redactUrl } from '../../../src/storage/index.js';
import type { InstallationBackend } from './backend.js';
import { InstallationError } from './record.js';
import { type ExchangeRefreshToken, SlackInstallationStore } from './store.js';

export async function openInstallationBackend(location: string): Promise<InstallationBackend> {
  if (isPostgresUrl(location)) {
    // Loaded only here: the SQLite default never loads pg.
    const { openPostgresInstallations } = await import('./postgres.js');
    try {
      return await openPostgresInstallations(location);
    } catch (err) {
      // src/storage's message names DATABASE_URL; this one is Slack's own variable.
      const reason =
        err instanceof PostgresOpenError ? err.reason : err instanceof Error ? err.message : String(err);
      throw new InstallationError(
        'slack_installation_store_unusable',
        `Cannot use the Slack installation store SLACK_INSTALLATION_STORE=${redactUrl(location)}: ${reason}`,
        { cause: err },
      );
    }
  }
  const { openSqliteInstallations } = await import('./sqlite.js');
  return openSqliteInstallations(location);
}

export async function openInstallationStore(o: {
  location: string;
  exchange: ExchangeRefreshToken;
  hashSecret: string;
  logger: Logger;
}): Promise<SlackInstallationStore> {
  const backend = await openInstallationBackend(o.location);
  return new SlackInstallationStore({
    backend,
    exchange: o.exchange,
    hashSecret: o.hashSecret,
    logger: o.logger,
  });
}
