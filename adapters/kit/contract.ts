// The one contract every platform adapter implements. An adapter is a folder under adapters/ that exports
// a PlatformAdapter; the app's registry (app/registry.ts) lists them, and adding a platform is that folder
// plus one registry line. The adapter owns everything about its platform: its variables (an env preset),
// its SDK, how it renders replies, and optionally how it posts announcements.
import type { AnnouncementService, Poster } from '../../src/announce/index.js';
import type {
  Bot,
  Clock,
  HealthSnapshot,
  Logger,
  PlatformHealth,
  PlatformStatus,
  SharedState,
} from '../../src/core/index.js';
import type { Insights } from '../../src/insights/index.js';
import type { BaseSettings, EnvPreset, EnvSource } from './env.js';
import type { CooldownOptions } from './gate.js';

/** What the app hands an adapter when it starts it. */
export interface AdapterContext {
  bot: Bot;
  logger: Logger;
  clock: Clock;
  /** Where this adapter reports its own state (starting, up, degraded, down, fatal). */
  health: PlatformHealth;
  /** The whole process's health, for an adapter that serves /healthz itself. */
  healthz: () => HealthSnapshot;
  /** The announcement service, when this process runs announcements. */
  announcements: AnnouncementService | undefined;
  /** Per-user flood limit for the gate; the gate's default when absent. */
  cooldown?: CooldownOptions | undefined;
  /**
   * What this process shares with the bot's other processes and hosts (cooldowns, seen events): the app
   * builds it from DATABASE_URL. Absent: this process's memory. Report its outages to the adapter's sink
   * (`state.reportingTo`); it keeps answering from memory meanwhile.
   */
  state?: SharedState | undefined;
  /** PostgreSQL shared by every host (DATABASE_URL), for state the hosts must agree on; absent: none. */
  databaseUrl?: string | undefined;
  /** Counting answers and 👍 / 👎 votes, when the app keeps insights; adapters hand it to their gate. */
  insights?: Insights | undefined;
}

export interface StartedAdapter {
  /** Stop taking new work and disconnect. Safe to call more than once. */
  stop(): Promise<void>;
  /** Resolves when the adapter ended by itself (the terminal's input closed); absent for servers. */
  closed?: Promise<void>;
  /** Fields for the "started" log line (mode, port), never secrets. */
  details?: Record<string, unknown>;
}

export interface AdapterHandle extends StartedAdapter {
  readonly name: string;
  /** The adapter's current state as it last reported it. */
  health(): PlatformStatus;
}

/** An announcement poster and how to release it (close connections) at shutdown. */
export interface PosterHandle {
  poster: Poster;
  stop?(): Promise<void>;
}

export interface PlatformAdapter<C> {
  /** The platform's name: in logs, /healthz and stored subscriptions. Lowercase, no spaces. */
  readonly name: string;
  readonly env: EnvPreset<C>;
  /** Whether this configuration serves /healthz itself (an HTTP receiver); otherwise the app does. */
  servesHealth?(config: C): boolean;
  start(config: C, ctx: AdapterContext): Promise<StartedAdapter>;
  /** Builds the announcement poster (REST only: no gateway or socket needed). */
  poster?(config: C, ctx: { logger: Logger }): Promise<PosterHandle>;
}

/** A registered adapter with its config type hidden: what the app's registry holds. */
export interface RegisteredAdapter {
  readonly name: string;
  readonly variables: readonly string[];
  readonly secrets: readonly RegExp[];
  configure(
    env: EnvSource,
    base: BaseSettings,
  ): { ok: true; platform: ConfiguredPlatform | undefined } | { ok: false; problems: string[] };
}

/** An adapter bound to a validated configuration, ready to start. */
export interface ConfiguredPlatform {
  readonly name: string;
  readonly servesHealth: boolean;
  readonly hasPoster: boolean;
  start(ctx: AdapterContext): Promise<AdapterHandle>;
  poster(ctx: { logger: Logger }): Promise<PosterHandle> | undefined;
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function defineAdapter<C>(adapter: PlatformAdapter<C>): RegisteredAdapter {
  if (!NAME.test(adapter.name)) throw new Error(`adapter name "${adapter.name}" must be a lowercase word`);
  return {
    name: adapter.name,
    variables: adapter.env.variables,
    secrets: adapter.env.secrets,
    configure(env, base) {
      const parsed = adapter.env.parse(env, base);
      if (!parsed.ok) return parsed;
      const config = parsed.config;
      if (config === undefined) return { ok: true, platform: undefined };
      return { ok: true, platform: bind(adapter, config) };
    },
  };
}

/** Bind a config to its adapter; exported for tests that start an adapter without the environment. */
export function bind<C>(adapter: PlatformAdapter<C>, config: C): ConfiguredPlatform {
  return {
    name: adapter.name,
    servesHealth: adapter.servesHealth?.(config) ?? false,
    hasPoster: adapter.poster !== undefined,
    async start(ctx) {
      // Remember what the adapter last reported, so the handle can answer health() on its own.
      const since = () => ctx.clock.now().toISOString();
      let status: PlatformStatus = { state: 'starting', since: since() };
      let reported = false;
      const health: PlatformHealth = {
        up() {
          reported = true;
          status = { state: 'up', since: since() };
          ctx.health.up();
        },
        degraded(reason) {
          reported = true;
          status = { state: 'degraded', reason, since: since() };
          ctx.health.degraded(reason);
        },
        down(reason, opts) {
          reported = true;
          status = { state: 'down', reason, since: since() };
          ctx.health.down(reason, opts);
        },
      };
      const started = await adapter.start(config, { ...ctx, health });
      // A resolved start means connected: an adapter that reported nothing yet counts as up from now on.
      if (!reported) health.up();
      return { ...started, name: adapter.name, health: () => status };
    },
    poster: (ctx) => adapter.poster?.(config, ctx),
  };
}
