// Builds the Bolt app and starts it: for one workspace, Socket Mode when an app-level token is configured
// (no public URL needed), otherwise Bolt's HTTP receiver with /slack/events and a /healthz for probes.
// Distributed to many workspaces (SLACK_CLIENT_ID...), always the HTTP receiver, which also serves the
// "Add to Slack" install (/slack/install, /slack/oauth_redirect) through Bolt's OAuth support; each
// request is answered with its workspace's token from the installation store.

import { type App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import {
  type Bot,
  type Clock,
  type HealthSnapshot,
  type Logger,
  type PlatformHealth,
  SharedState,
  systemClock,
  within,
} from '../../src/core/index.js';
import type { Insights } from '../../src/insights/index.js';
import { createErrorSink, createGate } from '../kit/index.js';
import { AckingApp } from './acking-app.js';
import { registerActions } from './actions.js';
import { boltLogger } from './bolt-logger.js';
import { registerCommands } from './commands.js';
import type { AnnouncementsHook, SlackDeps } from './deps.js';
import { guardRequests } from './edge.js';
import type { SlackConfig, SlackDistribution } from './env.js';
import { errorCode, SlackStartError, slackErrorCode } from './errors.js';
import { registerEvents } from './events.js';
import { EventDedup } from './guard.js';
import { healthzRoute, registerLifecycle, SlackHealth } from './health.js';
import { registerHome } from './home.js';
import type { SlackInstallationStore } from './installations/store.js';
import { createLocaleLookup } from './locale.js';
import { DEFAULT_REPLY_POLICY, type ReplyPolicy, ReplyQueue } from './reply-queue.js';
import { INSTALL_PATH, INSTALL_SCOPES, REDIRECT_PATH } from './scopes.js';
import { registerShortcuts } from './shortcut.js';
import { guardSocketMessages } from './socket-edge.js';
import { checkAuth } from './start-check.js';
import { timedFetch } from './timed-fetch.js';
import { registerUninstall } from './uninstall.js';

const ENDPOINTS = ['/slack/events'] as const;

/** Time limits and concurrency; the defaults are for production, tests shorten them. */
export interface SlackTuning {
  /** Every Web API call is abandoned after this long. */
  webApiTimeoutMs: number;
  /** Start-up's auth.test must answer within this. */
  startTimeoutMs: number;
  /** The Web API client's concurrent calls (it queues the rest). */
  maxConcurrency: number;
  reply: ReplyPolicy;
  /** How long the Socket Mode client waits for a pong, and between reconnect attempts. */
  socketPingTimeoutMs: number;
}

export const DEFAULT_TUNING: SlackTuning = {
  webApiTimeoutMs: 10_000,
  startTimeoutMs: 10_000,
  maxConcurrency: 100,
  reply: DEFAULT_REPLY_POLICY,
  socketPingTimeoutMs: 5000,
};

export interface StartSlackOptions {
  config: SlackConfig;
  bot: Bot;
  logger: Logger;
  clock?: Clock;
  /** Plugged in by the announcements feature; without it `/optout subscribe` says it is not set up. */
  announcements?: AnnouncementsHook;
  /** Per-user flood limit; five answers per ten seconds by default. */
  cooldown?: { limit: number; windowMs: number };
  /** What the bot's processes share (cooldowns, seen events); this process's memory when absent. */
  state?: SharedState | undefined;
  /** Where this platform reports its state for /healthz (up, down, fatal). */
  health?: PlatformHealth;
  /** The whole process's health, served at GET /healthz by the HTTP receiver (503 when not ok). */
  healthz?: () => HealthSnapshot;
  tuning?: Partial<SlackTuning>;
  /** Distributed mode: where installations are kept (opened by the caller, which also closes it). */
  installations?: SlackInstallationStore;
  /** Distributed mode: remove an uninstalled workspace's announcement subscriptions. */
  removeWorkspace?: (teamId: string) => Promise<number>;
  /** Counting answers and 👍 / 👎 votes; without it answers have no vote buttons. */
  insights?: Insights | undefined;
}

export interface SlackHandle {
  app: App;
  /** Safe to call unbound and more than once. */
  stop(): Promise<void>;
  /** The HTTP receiver's port (useful when started on port 0); undefined in Socket Mode. */
  port?: number;
}

export async function startSlack(opts: StartSlackOptions): Promise<SlackHandle> {
  const { config, logger } = opts;
  const tuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const health = new SlackHealth(opts.health);
  const bolt = boltLogger(logger);
  // The Web API client joins method names onto this base, so it must end with a slash.
  const apiUrl = config.apiUrl?.replace(/\/*$/, '/');
  const apiBase = apiUrl ? { slackApiUrl: apiUrl } : {};
  // Every call is bounded in time. Retries and rate limits are the reply queue's business, per channel:
  // the client's own would retry for half an hour and pause all channels for one channel's Retry-After.
  const clientOptions = {
    ...apiBase,
    timeout: tuning.webApiTimeoutMs,
    // Also what Bolt's respond() posts to response_url with: bounded the same way.
    fetch: timedFetch(tuning.webApiTimeoutMs),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    maxRequestConcurrency: tuning.maxConcurrency,
  };

  let socket: SocketModeReceiver | undefined;
  let receiver: Receiver;
  if (config.appToken) {
    socket = new SocketModeReceiver({
      appToken: config.appToken,
      logger: bolt,
      clientPingTimeout: tuning.socketPingTimeoutMs,
      // The Socket Mode client keeps its own, patient policy for reconnecting: it only gets the base URL.
      installerOptions: { clientOptions: apiBase },
    });
    guardSocketMessages(socket.client, logger);
    receiver = socket;
  } else {
    if (!config.signingSecret) {
      throw new SlackStartError(
        'slack_signing_secret_missing',
        'SLACK_SIGNING_SECRET is required for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    }
    const http = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: [...ENDPOINTS],
      logger: bolt,
      customRoutes: [{ path: '/healthz', method: 'GET', handler: healthzRoute(health, opts.healthz) }],
      ...(config.distribution ? oauthOptions(config.distribution, opts.installations, clientOptions) : {}),
    });
    // Bolt's server calls whatever `requestListener` holds, so the edge check runs before Bolt parses.
    http.requestListener = guardRequests(http.requestListener, {
      signingSecret: config.signingSecret,
      logger,
      endpoints: ENDPOINTS,
    });
    receiver = http;
  }

  const distributed = config.distribution !== undefined;
  const app = new AckingApp(
    {
      // Distributed: no token of its own; Bolt's installer authorizes each request from the store.
      token: config.botToken,
      receiver,
      logger: bolt,
      clientOptions,
      // Bolt's conversation store would keep state per conversation; nothing here needs it.
      convoStore: false,
      // Initialise explicitly below, so a rejected token stops start-up instead of failing every request.
      deferInitialization: true,
    },
    logger,
  );

  // One sink for every failure in a handler, whether the gate caught it or Bolt did.
  // Slack's own error code when it gave one; a bug (no code) is logged with its name and message.
  const sink = createErrorSink('slack', logger, { code: slackErrorCode });
  const clock = opts.clock ?? systemClock;
  const state = opts.state ?? new SharedState({ clock });
  const deps: SlackDeps = {
    bot: opts.bot,
    locales: createLocaleLookup(),
    logger,
    gate: createGate({
      platform: 'slack',
      bot: opts.bot,
      logger,
      clock,
      sink,
      cooldown: opts.cooldown,
      state,
      insights: opts.insights,
    }),
    sink,
    // An outage of the shared state is logged once here; events are then checked in memory.
    events: new EventDedup(state.reportingTo((error) => sink.report(error, { while: 'event dedup' }))),
    announcements: opts.announcements,
    replies: new ReplyQueue({
      policy: tuning.reply,
      logger,
      // A token revoked while running: every later reply would fail the same way. Distributed, it is one
      // workspace's token, and its app_uninstalled / tokens_revoked event removes the installation.
      onTokenRejected: (error) => {
        logger.error('slack.token_rejected', { code: error });
        if (!distributed) health.down(`token_rejected: ${error}`, { fatal: true });
      },
    }),
  };
  if (opts.installations && distributed) {
    registerUninstall(app, {
      installations: opts.installations,
      removeWorkspace: opts.removeWorkspace,
      logger,
    });
  } else registerLifecycle(app, health, logger);
  registerEvents(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);
  registerHome(app, deps);
  registerShortcuts(app, deps);
  app.error(async (error) => {
    sink.report(error, { via: 'bolt' });
  });

  // Distributed, there is no token to check at start: init() only takes the installer's authorize.
  if (distributed) await app.init();
  else await checkAuth(app, { apiUrl, timeoutMs: tuning.startTimeoutMs, logger });

  if (socket) return startSocket(app, socket, health, tuning.startTimeoutMs, logger);

  const server = await app.start({ port: config.port, host: config.host });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    await app.stop();
    throw new SlackStartError('slack_no_port', 'Slack HTTP receiver has no TCP port');
  }
  health.up();
  let stopped = false;
  return {
    app,
    port: address.port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await app.stop();
    },
  };
}

/** Bolt's OAuth options for the HTTP receiver: the install path, the redirect and the store. */
function oauthOptions(
  d: SlackDistribution,
  installations: SlackInstallationStore | undefined,
  clientOptions: object,
) {
  if (!installations) {
    throw new SlackStartError('slack_installations_missing', 'Distributed Slack needs an installation store');
  }
  return {
    clientId: d.clientId,
    clientSecret: d.clientSecret,
    stateSecret: d.stateSecret,
    scopes: [...INSTALL_SCOPES],
    installationStore: installations,
    ...(d.redirectUri ? { redirectUri: d.redirectUri } : {}),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // Straight to Slack's consent page (302), without Bolt's page with an "Add to Slack" button.
      directInstall: true,
      // The installer's own client (oauth.v2.access, auth.test) goes where the app's goes, bounded alike.
      clientOptions,
    },
  };
}

async function startSocket(
  app: App,
  socket: SocketModeReceiver,
  health: SlackHealth,
  timeoutMs: number,
  logger: Logger,
): Promise<SlackHandle> {
  const connection = socket.client;
  try {
    // apps.connections.open and the first hello: a silent Slack must not hold start-up forever.
    const started = await within(app.start(), timeoutMs);
    if (started.timedOut) {
      // The connection attempt may still be pending; disconnect stops it and its reconnect timer.
      await connection
        .disconnect()
        .catch((err: unknown) => logger.debug('slack.socket_disconnect_failed', { code: errorCode(err) }));
      throw new SlackStartError(
        'slack_socket_timeout',
        `Slack did not open a Socket Mode connection with SLACK_APP_TOKEN within ${timeoutMs / 1000} s`,
      );
    }
  } catch (error) {
    if (error instanceof SlackStartError) throw error;
    // Leave nothing running (no reconnect timer) behind a failed start.
    await connection.disconnect();
    const code = slackErrorCode(error) ?? errorCode(error);
    throw new SlackStartError(
      'slack_socket_failed',
      `Slack did not open a Socket Mode connection with SLACK_APP_TOKEN (${code})`,
    );
  }
  let stopped = false;
  // Between a dropped socket and the next hello, events queue at Slack: impaired, not down.
  connection.on('close', () => {
    if (!stopped) health.degraded('socket_reconnecting');
  });
  connection.on('reconnecting', () => health.degraded('socket_reconnecting'));
  connection.on('connected', () => {
    if (!stopped) health.up();
  });
  health.up();
  return {
    app,
    // Bolt's stop() does not wait for the socket to close; waiting keeps shutdowns (and tests) clean.
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await connection.disconnect();
    },
  };
}
