// The shared gate every adapter puts in front of the Bot: the per-user cooldown, routing a reference to a
// reply, one log line per answer, and error isolation (a failure is reported to the adapter's sink and the
// asker is told, and never reaches the platform's event loop). Adapters supply only how to reply.
import {
  type Bot,
  type Clock,
  Cooldown,
  type CooldownVerdict,
  DEFAULT_COOLDOWN,
  type Logger,
  type Reply,
  SharedState,
} from '../../src/core/index.js';
import type { Insights } from '../../src/insights/index.js';
import { createFeedback, type Feedback, type VoteTag } from './feedback.js';
import { languageOfRef, type ReplyRef, resolveRef } from './refs.js';
import type { ErrorSink } from './sink.js';

export interface CooldownOptions {
  limit: number;
  windowMs: number;
}

export interface GateOptions {
  platform: string;
  bot: Bot;
  logger: Logger;
  clock: Clock;
  sink: ErrorSink;
  cooldown?: CooldownOptions | undefined;
  /**
   * Where the cooldown counts (the app's shared state, so the limit holds across hosts); this process's
   * memory when absent. An outage of it is reported to `sink` once, and counting goes on in memory.
   */
  state?: SharedState | undefined;
  /** Counting answers and votes (app-wide); without it nothing is counted and answers get no vote buttons. */
  insights?: Insights | undefined;
}

/** One question as the adapter received it. `user` is the platform's id; the cooldown hashes it. */
export interface Exchange {
  /** How it arrived (command, mention, dm, button, ...), for the log line. */
  via: string;
  user: string;
  asked: ReplyRef;
  /** The platform's language hint: the asker's locale (Discord's interaction locale, Slack's user locale). */
  locale?: string | undefined;
  /** An answer given before, shown again (shared to a channel): not counted a second time. */
  again?: boolean;
}

/** How this adapter replies to this one exchange. */
export interface Responder {
  /** `vote`: the tag for 👍 / 👎 buttons under this answer, when it gets them. */
  answer(reply: Reply, asked: ReplyRef, vote?: VoteTag): Promise<unknown>;
  /** The cooldown notice: `repeat` is false for the first refused question of a flood, true after. */
  cooldown(notice: string, repeat: boolean): Promise<unknown>;
  /** Tell the asker something failed, if the platform still allows a reply. */
  failed?(notice: string): Promise<unknown>;
  /** An entry id (from an old button) the knowledge base no longer has; without this, help answers. */
  unknown?(): Promise<unknown>;
}

export type GateOutcome = 'answered' | 'cooldown' | 'unknown' | 'failed';

export interface Gate {
  handle(exchange: Exchange, responder: Responder): Promise<GateOutcome>;
  /** The cooldown alone, for gated work that is not an answer (announcement sub-commands). */
  admit(user: string): Promise<CooldownVerdict>;
  readonly cooldown: Cooldown;
  /** Vote buttons, counting and clicks (adapters/kit/feedback.ts). */
  readonly feedback: Feedback;
}

export function createGate(opts: GateOptions): Gate {
  const { platform, logger, sink, bot } = opts;
  const state = (opts.state ?? new SharedState({ clock: opts.clock })).reportingTo((error) =>
    sink.report(error, { while: 'cooldown' }),
  );
  const cooldown = new Cooldown({ ...DEFAULT_COOLDOWN, ...opts.cooldown, clock: opts.clock, state });
  const feedback = createFeedback({ platform, bot, sink, insights: opts.insights });
  return {
    cooldown,
    feedback,
    admit: (user) => cooldown.check(user),
    async handle(exchange, responder) {
      const started = performance.now();
      const context = { via: exchange.via, kind: exchange.asked.kind };
      try {
        const verdict = await cooldown.check(exchange.user);
        if (verdict !== 'allow') {
          logger.info(`${platform}.cooldown`, { via: exchange.via, verdict });
          const language = languageOfRef(bot, exchange.asked, exchange.locale);
          await responder.cooldown(bot.say('cooldown.notice', { language }), verdict === 'silent');
          return 'cooldown';
        }
        // An entry id from an old button may be gone after a knowledge update.
        const found = resolveRef(bot, exchange.asked, exchange.locale);
        if (!found && responder.unknown) {
          await responder.unknown();
          logger.info(`${platform}.reply`, { ...context, status: 'unknown' });
          return 'unknown';
        }
        const reply = found ?? bot.help({ locale: exchange.locale });
        await responder.answer(reply, exchange.asked, feedback.tag(reply));
        // Counted once it went out, in the background: the store never holds up or fails an answer.
        if (!exchange.again) feedback.tally(reply, exchange.asked);
        logger.info(`${platform}.reply`, {
          ...context,
          status: reply.status,
          entry: reply.id,
          ms: Math.round(performance.now() - started),
        });
        return 'answered';
      } catch (error) {
        sink.report(error, context);
        if (responder.failed) {
          const language = languageOfRef(bot, exchange.asked, exchange.locale);
          await responder.failed(bot.say('error.answer', { language })).catch((again: unknown) => {
            // The platform refused even the apology (an expired interaction, a lost channel).
            sink.report(again, { ...context, while: 'telling the asker it failed' });
          });
        }
        return 'failed';
      }
    },
  };
}
