// The storage layer's public face: reaching PostgreSQL (a pool with timeouts, transactions, the
// database's clock) and versioned migrations under an advisory lock. `pg` itself loads only when opened.

export { migrate, type PostgresMigration } from './migrate.js';
export {
  databaseNow,
  openPostgres,
  type Pool,
  type PoolClient,
  PostgresOpenError,
  type PostgresOptions,
  redactUrl,
  transaction,
} from './postgres.js';
