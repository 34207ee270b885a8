// "Loopchat": a tiny chat service on 127.0.0.1, standing in for a remote platform. A bot registers the URL
// where it takes messages; the test says things as users and clicks buttons; the bot answers by POSTing to
// /send with the token it was configured with. Every answer is recorded, in order.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export const sendBody = z.object({
  user: z.string(),
  text: z.string(),
  buttons: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type Sent = z.infer<typeof sendBody>;

async function read(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

export class LoopchatStandIn {
  readonly sent: Sent[] = [];
  #hook: string | undefined;
  #waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token = 'loopchat-token-for-tests'): Promise<LoopchatStandIn> {
    let standIn: LoopchatStandIn | undefined;
    const server = createServer((req, res) => {
      void (async () => {
        const body = await read(req);
        if (req.headers.authorization !== `Token ${token}`) {
          res.writeHead(401).end();
          return;
        }
        if (req.url === '/register') {
          const hook = z.object({ url: z.string() }).parse(JSON.parse(body)).url;
          if (standIn) standIn.#hook = hook;
          res.writeHead(204).end();
          return;
        }
        if (req.url === '/send') {
          if (standIn) standIn.#record(sendBody.parse(JSON.parse(body)));
          res.writeHead(204).end();
          return;
        }
        res.writeHead(404).end();
      })().catch(() => res.writeHead(400).end());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    standIn = new LoopchatStandIn(server, token);
    return standIn;
  }

  #record(sent: Sent): void {
    this.sent.push(sent);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get registered(): boolean {
    return this.#hook !== undefined;
  }

  /** Deliver a message (or a click on button `click`) from `user`; resolves once the bot accepted it. */
  async say(user: string, text: string, click?: string): Promise<void> {
    if (!this.#hook) throw new Error('no bot has registered with loopchat');
    const res = await fetch(this.#hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, text, click }),
    });
    if (!res.ok) throw new Error(`the bot refused the message: ${res.status}`);
  }

  /** The next answer to `user` after `after` answers in total, waiting up to `timeoutMs`. */
  async nextTo(user: string, after: number, timeoutMs = 3000): Promise<Sent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sent.slice(after).find((s) => s.user === user);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, left);
      });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
