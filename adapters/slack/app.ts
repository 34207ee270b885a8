// Builds the Bolt app for one workspace and starts it: Socket Mode when an app-level token is configured
// (no public URL needed), otherwise Bolt's HTTP receiver with /slack/events and a /healthz for probes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { z } from 'zod';
import type { Bot } from '../../src/bot-types.js';
import { type Clock, systemClock } from '../../src/clock.js';
import type { SlackConfig } from '../../src/config.js';
import { Cooldown, DEFAULT_COOLDOWN } from '../../src/cooldown.js';
import type { HealthSnapshot, PlatformHealth } from '../../src/health.js';
import type { Logger } from '../../src/log.js';
import { AckingApp } from './acking-app.js';
import { registerActions } from './actions.js';
import { boltLogger } from './bolt-logger.js';
import { registerCommands } from './commands.js';
import type { AnnouncementsHook, SlackDeps } from './deps.js';
import { guardRequests } from './edge.js';
import { registerEvents } from './events.js';
import { RecentEvents } from './guard.js';

const ENDPOINTS = ['/slack/events'] as const;

export interface StartSlackOptions {
  config: SlackConfig;
  bot: Bot;
  logger: Logger;
  clock?: Clock;
  /** Plugged in by the announcements feature; without it `/optout subscribe` says it is not set up. */
  announcements?: AnnouncementsHook;
  /** Per-user flood limit; five answers per ten seconds by default. */
  cooldown?: { limit: number; windowMs: number };
  /** Where this platform reports its state for /healthz (up, down, fatal). */
  health?: PlatformHealth;
  /** The whole process's health, served at GET /healthz by the HTTP receiver (503 when not ok). */
  healthz?: () => HealthSnapshot;
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
  const bolt = boltLogger(logger);
  // The Web API client joins method names onto this base, so it must end with a slash.
  const apiBase = config.apiUrl ? { slackApiUrl: config.apiUrl.replace(/\/*$/, '/') } : {};
  // The default policy retries for about half an hour; a reply that cannot be posted within seconds is
  // stale, and start-up should fail rather than hang. (The Socket Mode client keeps its own, patient
  // policy for reconnecting: it only gets the base URL.)
  const clientOptions = { ...apiBase, retryConfig: { retries: 3 } };

  let socket: SocketModeReceiver | undefined;
  let receiver: Receiver;
  if (config.appToken) {
    socket = new SocketModeReceiver({
      appToken: config.appToken,
      logger: bolt,
      installerOptions: { clientOptions: apiBase },
    });
    receiver = socket;
  } else {
    if (!config.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for the HTTP receiver');
    const http = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: [...ENDPOINTS],
      logger: bolt,
      customRoutes: [{ path: '/healthz', method: 'GET', handler: healthz }],
    });
    // Bolt's server calls whatever `requestListener` holds, so the edge check runs before Bolt parses.
    http.requestListener = guardRequests(http.requestListener, {
      signingSecret: config.signingSecret,
      logger,
      endpoints: ENDPOINTS,
    });
    receiver = http;
  }

  const app = new AckingApp(
    {
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

  const deps: SlackDeps = {
    bot: opts.bot,
    logger,
    cooldown: new Cooldown({ ...(opts.cooldown ?? DEFAULT_COOLDOWN), clock: opts.clock ?? systemClock }),
    recent: new RecentEvents(),
    announcements: opts.announcements,
  };
  registerEvents(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);
  app.error(async (error) => {
    logger.error('slack.handler_failed', { error, code: error.code });
  });

  try {
    await app.init();
  } catch (error) {
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN (auth.test failed: ${describeError(error)})`);
  }

  if (socket) {
    const connection = socket;
    try {
      await app.start();
    } catch (error) {
      // Leave nothing running (no reconnect timer) behind a failed start.
      await connection.client.disconnect();
      throw new Error(
        `Slack did not open a Socket Mode connection with SLACK_APP_TOKEN (${describeError(error)})`,
      );
    }
    let stopped = false;
    return {
      app,
      // Bolt's stop() does not wait for the socket to close; waiting keeps shutdowns (and tests) clean.
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await connection.client.disconnect();
      },
    };
  }

  const server = await app.start({ port: config.port, host: config.host });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Slack HTTP receiver has no TCP port');
  const { port } = address;
  let stopped = false;
  return {
    app,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await app.stop();
    },
  };
}

function healthz(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
}

/** A Slack Web API platform error, whose `data.error` is Slack's code (e.g. `invalid_auth`). */
const platformError = z.object({ data: z.object({ error: z.string() }) });

function describeError(error: unknown): string {
  const code = platformError.safeParse(error).data?.data.error;
  if (code !== undefined) return code;
  return error instanceof Error ? error.message : String(error);
}
