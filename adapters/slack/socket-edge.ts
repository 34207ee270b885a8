// The Socket Mode counterpart of edge.ts. The Socket Mode client reads `payload.event.type` from every
// events_api envelope before Bolt sees it, so an envelope whose payload is null (or not an object, or has no
// event) threw inside the client's message handler: an unhandled rejection, which ends the process. Here
// such envelopes are logged and dropped before the client's own handler runs. They are not acknowledged:
// the client has no public way to acknowledge outside its handler, and Slack's few redeliveries are
// dropped the same way.

import type { SocketModeReceiver } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/core/index.js';

const envelope = z.object({ envelope_id: z.string(), type: z.string(), payload: z.unknown() });
const object = z.record(z.string(), z.unknown());
const eventsPayload = z.object({ event: z.object({ type: z.string() }) });
/** Envelope types whose payload Bolt treats as a request body. */
const CARRIES_BODY = new Set(['events_api', 'slash_commands', 'interactive']);

export function guardSocketMessages(client: SocketModeReceiver['client'], logger: Logger): void {
  // The client listens for its socket's frames on this event; wrap those listeners rather than replace them.
  const originals = client.listeners('ws_message');
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: unknown) => {
    const reason = typeof data === 'string' ? rejection(data) : undefined;
    if (reason !== undefined) {
      logger.warn('slack.request_rejected', { reason, receiver: 'socket' });
      return;
    }
    for (const listener of originals) Reflect.apply(listener, client, [data, isBinary]);
  });
}

function rejection(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The client ignores frames that are not JSON; only a syntax error is expected here.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const env = envelope.safeParse(parsed);
  if (!env.success || !CARRIES_BODY.has(env.data.type)) return undefined;
  if (!object.safeParse(env.data.payload).success) return 'body_not_object';
  if (env.data.type === 'events_api' && !eventsPayload.safeParse(env.data.payload).success) {
    return 'event_missing';
  }
  return undefined;
}
