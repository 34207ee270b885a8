// FakeSlack's Socket Mode side: the WebSocket the app connects to, envelopes pushed to it and the
// acknowledgements it answers with.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';

type Json = Record<string, unknown>;

const ack = z.object({
  envelope_id: z.string().optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
});

export class FakeSocketMode {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();
  readonly #acks = new Map<string, (payload: Json) => void>();

  /** `onChange` runs when a socket closes, so FakeSlack's waiters look again. */
  constructor(private readonly onChange: () => void) {}

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connected(ws));
  }

  /** Push an envelope to the connected app; resolves with the payload it acknowledges with. */
  sendEnvelope(type: string, payload: unknown, retryAttempt = 0): Promise<Json> {
    const [socket] = this.#sockets;
    if (!socket) return Promise.reject(new Error('no Socket Mode connection'));
    const envelopeId = randomUUID();
    const acked = new Promise<Json>((resolve) => this.#acks.set(envelopeId, resolve));
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: retryAttempt,
        retry_reason: retryAttempt > 0 ? 'timeout' : '',
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`envelope ${envelopeId} was not acknowledged`)), 3000);
    });
    return Promise.race([acked, timeout]).finally(() => clearTimeout(timer));
  }

  /** Drop every connection, as Slack does when it rotates servers or loses one. */
  dropSockets(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  get socketCount(): number {
    return this.#sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #connected(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.onChange();
    });
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return;
      }
      const { envelope_id: id, payload } = ack.safeParse(parsed).data ?? {};
      if (id) this.#acks.get(id)?.(payload ?? {});
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0000001' } }));
  }
}
