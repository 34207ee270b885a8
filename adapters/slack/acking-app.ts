// Bolt's App, except that every request it is given gets acknowledged. Bolt acknowledges events itself, but
// leaves an interaction or command no listener acknowledged (an unknown action id, a shortcut, a view
// closing, a type it does not know) unanswered until its own 3-second timer answers 404, which Slack shows
// the user as an error. Here, once every listener has run, anything still unacknowledged is acknowledged,
// and logged at debug by its type (never its content).

import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/core/index.js';

/** Shown for a command whose handler failed before it could answer. */
export const COMMAND_FAILED = "Sorry, I couldn't answer that just now. Please try again in a moment.";

/** The events the listeners answer; others are acknowledged by Bolt and only logged here. */
const HANDLED_EVENTS = new Set([
  'app_mention',
  'message',
  'app_home_opened',
  'tokens_revoked',
  'app_uninstalled',
]);

const requestShape = z.object({
  type: z.string().optional(),
  command: z.string().optional(),
  event: z.object({ type: z.string() }).optional(),
});

export class AckingApp extends App {
  readonly #log: Logger;

  constructor(options: AppOptions, logger: Logger) {
    super(options);
    this.#log = logger;
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    // The HTTP and Socket Mode edges (edge.ts, socket-edge.ts) already drop these; this is the last line
    // for any other receiver, as Bolt throws on a body that is not an object.
    const body: unknown = event.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.#log.warn('slack.request_rejected', { reason: 'body_not_object' });
      await event.ack();
      return;
    }
    const shape = requestShape.safeParse(body).data ?? {};
    // Names Slack chose are safe to log; cap them in case a request invents long ones.
    const type = (shape.command !== undefined ? 'slash_command' : (shape.type ?? 'untyped')).slice(0, 64);
    let acked = false;
    const ack: ReceiverEvent['ack'] = (response) => {
      acked = true;
      return event.ack(response);
    };
    // Should Bolt throw, the receiver's own error handler answers (HTTP 500, or Socket Mode's handler).
    await super.processEvent({ ...event, ack });
    if (acked) {
      const eventType = shape.event?.type;
      if (eventType !== undefined && !HANDLED_EVENTS.has(eventType)) {
        this.#log.debug('slack.unhandled', { type, event: eventType.slice(0, 64) });
      }
      return;
    }
    this.#log.debug('slack.unhandled', { type });
    await event.ack(
      type === 'slash_command' ? { response_type: 'ephemeral', text: COMMAND_FAILED } : undefined,
    );
  }
}
