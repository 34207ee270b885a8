// The storage layer's public face: reaching PostgreSQL (a pool with timeouts, transactions, the
// database's clock), versioned migrations under an advisory lock, and the shared-state stores on a
// database (state/: SQLite for one host, Postgres for several). `pg` and SQLite load only when opened.

export { migrate, type PostgresMigration } from './migrate.js';
export {
  databaseNow,
  isPostgresUrl,
  openPostgres,
  POSTGRES_URL_PASSWORD,
  type Pool,
  type PoolClient,
  PostgresOpenError,
  type PostgresOptions,
  redactUrl,
  transaction,
} from './postgres.js';
export {
  openPostgresState,
  type PostgresStateOptions,
  PostgresStateStore,
  STATE_MIGRATIONS,
} from './state/postgres.js';
export { openSqliteState, type SqliteStateOptions, SqliteStateStore } from './state/sqlite.js';
