// This platform's state: reported to the process's health registry (when given one) and kept here too, so
// the HTTP receiver's /healthz can answer from it when the app serves no process-wide snapshot.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { HealthSnapshot, Logger, PlatformHealth, PlatformState } from '../../src/core/index.js';

export class SlackHealth implements PlatformHealth {
  #state: PlatformState = 'starting';
  readonly #sink: PlatformHealth | undefined;

  constructor(sink: PlatformHealth | undefined) {
    this.#sink = sink;
  }

  get state(): PlatformState {
    return this.#state;
  }

  up(): void {
    this.#state = 'up';
    this.#sink?.up();
  }

  degraded(reason: string): void {
    this.#state = 'degraded';
    this.#sink?.degraded(reason);
  }

  down(reason: string, opts?: { fatal?: boolean }): void {
    this.#state = 'down';
    this.#sink?.down(reason, opts);
  }
}

/** GET /healthz: the process's snapshot when the app gives one (503 when not ok), else this platform's. */
export function healthzRoute(own: SlackHealth, snapshot: (() => HealthSnapshot) | undefined) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const body = snapshot ? snapshot() : { ok: own.state === 'up' || own.state === 'degraded' };
    res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

/** tokens_revoked lists the kinds of token revoked; only a bot token matters to this app. */
const tokensRevoked = z.object({ tokens: z.object({ bot: z.array(z.string()).optional() }).optional() });

/** Slack telling the app it lost its token: nothing will work again until someone reinstalls it. */
export function registerLifecycle(app: App, health: SlackHealth, logger: Logger): void {
  app.event('tokens_revoked', async ({ event }) => {
    const bot = tokensRevoked.safeParse(event).data?.tokens?.bot ?? [];
    if (bot.length === 0) return;
    logger.error('slack.token_revoked', { event: 'tokens_revoked' });
    health.down('tokens_revoked', { fatal: true });
  });
  app.event('app_uninstalled', async () => {
    logger.error('slack.token_revoked', { event: 'app_uninstalled' });
    health.down('app_uninstalled', { fatal: true });
  });
}
