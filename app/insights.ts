// The app's part of "was the answer helpful?": which store, which key, a sweep now and then, and never a
// reason not to answer. A store that cannot be opened is logged and the bot runs without vote buttons.
import { hkdfSync, randomBytes } from 'node:crypto';
import { type Clock, hasCode, type Logger } from '../src/core/index.js';
import { createInsights, type Insights, openInsightsStore } from '../src/insights/index.js';
import type { Settings } from './config.js';

/** Vote keys are swept on the first count of a day; this also sweeps a day without any traffic. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * The key of the one-day vote hashes: INSIGHTS_SECRET; else, when hosts share a database, one derived
 * from STATE_SECRET (required with DATABASE_URL, the same on every host) so every host computes the same
 * key, and a reader of the database alone cannot; else (one process) a random key, which only means a
 * vote repeated after a restart is counted again.
 */
export function insightsSecret(settings: Pick<Settings, 'insights' | 'stateSecret'>): Uint8Array | string {
  if (settings.insights.secret) return settings.insights.secret;
  if (settings.stateSecret) {
    return Buffer.from(hkdfSync('sha256', settings.stateSecret, 'optout-bot', 'insights vote keys', 32));
  }
  return randomBytes(32);
}

export interface RunningInsights {
  insights: Insights;
  stop(): Promise<void>;
}

export async function startInsights(
  settings: Pick<Settings, 'insights' | 'databaseUrl' | 'databasePath' | 'stateSecret'>,
  logger: Logger,
  clock: Clock,
): Promise<RunningInsights | undefined> {
  let insights: Insights;
  try {
    const store = await openInsightsStore(settings);
    insights = createInsights({
      store,
      clock,
      secret: insightsSecret(settings),
      unanswered: settings.insights.unanswered,
    });
  } catch (err) {
    logger.error('insights.unavailable', { code: hasCode(err) ? err.code : 'unexpected', err });
    return undefined;
  }
  const sweep = () => insights.sweep().catch((err: unknown) => logger.warn('insights.sweep_failed', { err }));
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  logger.info('insights started', { unanswered: insights.keepsUnanswered ? 'on' : 'off' });
  return {
    insights,
    async stop() {
      clearInterval(timer);
      await insights.close();
    },
  };
}
