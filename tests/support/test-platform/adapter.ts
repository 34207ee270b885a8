// A minimal platform adapter, as a newcomer would write one for a new chat service (docs/adding-a-platform.md):
// an env preset, a start that listens for the service's messages and answers through the shared gate, and a
// plain-text renderer within the service's limit. It proves a platform is one folder plus a registry line.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  createErrorSink,
  createGate,
  defineEnv,
  httpUrl,
  type PlatformAdapter,
  routeQuestion,
  secret,
  truncate,
} from '../../../adapters/kit/index.js';
import { type Reply, renderDates } from '../../../src/core/index.js';

export interface LoopchatConfig {
  url: string;
  token: string;
}

export const loopchatEnv = defineEnv({
  shape: { LOOPCHAT_URL: httpUrl('LOOPCHAT_URL'), LOOPCHAT_TOKEN: secret },
  check(env, problem) {
    if (env.LOOPCHAT_URL && !env.LOOPCHAT_TOKEN)
      problem('LOOPCHAT_TOKEN', 'is required when LOOPCHAT_URL is set');
  },
  read: (env): LoopchatConfig | undefined =>
    env.LOOPCHAT_URL && env.LOOPCHAT_TOKEN ? { url: env.LOOPCHAT_URL, token: env.LOOPCHAT_TOKEN } : undefined,
  secrets: [/\bloopchat-token-[A-Za-z0-9-]+/g],
});

/** Loopchat's documented limit for one message. */
export const LOOPCHAT_MAX_TEXT = 2000;

const incoming = z.object({ user: z.string().max(100), text: z.string(), click: z.string().optional() });

function render(reply: Reply): { text: string; buttons: Array<{ id: string; label: string }> } {
  const body = [reply.title, renderDates(reply.text, reply.dates, (d) => d.fallback), ...reply.steps].join(
    '\n',
  );
  return {
    text: truncate(body, LOOPCHAT_MAX_TEXT),
    buttons: reply.followUps.map((f) => ({ id: f.id, label: truncate(f.question, 80) })),
  };
}

async function read(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

export const loopchatPlatform: PlatformAdapter<LoopchatConfig> = {
  name: 'loopchat',
  env: loopchatEnv,
  async start(config, ctx) {
    const sink = createErrorSink('loopchat', ctx.logger);
    const gate = createGate({ platform: 'loopchat', sink, cooldown: ctx.cooldown, ...ctx });
    const send = async (
      user: string,
      body: { text: string; buttons: Array<{ id: string; label: string }> },
    ) => {
      // Every outbound call is bounded in time.
      const res = await fetch(`${config.url}/send`, {
        method: 'POST',
        headers: { authorization: `Token ${config.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user, ...body }),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`loopchat /send answered ${res.status}`);
    };
    const server = createServer((req, res) => {
      read(req)
        .then((raw) => {
          const message = incoming.safeParse(JSON.parse(raw));
          if (!message.success) {
            res.writeHead(400).end();
            return;
          }
          // Accepted at once; the answer goes out through /send, as chat services expect.
          res.writeHead(202).end();
          const { user, text, click } = message.data;
          const asked = click ? { kind: 'entry' as const, id: click } : routeQuestion(text);
          void gate.handle(
            { via: click ? 'button' : 'message', user, asked },
            {
              answer: (reply) => send(user, render(reply)),
              cooldown: async (notice, repeat) =>
                repeat ? undefined : send(user, { text: notice, buttons: [] }),
            },
          );
        })
        .catch((error: unknown) => {
          // Malformed JSON from the service: refuse it and log it, never crash.
          sink.report(error, { via: 'webhook' });
          if (!res.headersSent) res.writeHead(400).end();
        });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const registered = await fetch(`${config.url}/register`, {
      method: 'POST',
      headers: { authorization: `Token ${config.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: hook }),
      signal: AbortSignal.timeout(5000),
    });
    if (!registered.ok) {
      server.close();
      ctx.health.down(`loopchat refused the token (${registered.status})`, { fatal: true });
      throw new Error(`loopchat refused to register (${registered.status})`);
    }
    return {
      details: { hook },
      async stop() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  },
};
