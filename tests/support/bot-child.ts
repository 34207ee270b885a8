// A minimal loopback stand-in for Slack's Web API and Socket Mode (127.0.0.1 only), and helpers to run the
// built `npm start` (dist/app/main.js) as a child process and read its JSON log lines.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { WebSocketServer } from 'ws';

export class SlackStandIn {
  readonly calls: string[] = [];
  /** Answer auth.test with this (e.g. `{ ok: false, error: 'invalid_auth' }`). */
  authTest: Record<string, unknown> = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #server: Server;
  port = 0;

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        this.calls.push(method);
        const body =
          method === 'auth.test'
            ? this.authTest
            : method === 'apps.connections.open'
              ? { ok: true, url: `ws://127.0.0.1:${this.port}/socket` }
              : method === 'chat.postMessage'
                ? { ok: true, ts: '1700000000.000100', channel: 'C1' }
                : { ok: true };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    this.#server.on('upgrade', (req, socket, head) => {
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
      });
    });
  }

  async start(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async stop(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

export interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first log line whose `msg` is `msg`. */
  logged(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; stderr: string }>;
  stderr(): string;
}

/** Spawn the built entry point with exactly `env` (plus PATH): nothing from the shell picks a platform. */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['dist/app/main.js'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
  });
  let stderr = '';
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    lines.length = 0;
    for (const l of stderr.split('\n')) {
      try {
        const parsed: unknown = JSON.parse(l);
        if (typeof parsed === 'object' && parsed !== null) lines.push({ ...parsed });
      } catch {
        // Not a log line (the start-up error message, for instance).
      }
    }
    for (const w of waiters.splice(0)) w();
  });
  const exited = once(child, 'exit').then(([code]) => ({
    code: typeof code === 'number' ? code : null,
    stderr,
  }));
  const logged = (msg: string, timeoutMs = 15_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${msg}" log line; stderr:\n${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        const found = lines.find((l) => l.msg === msg);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      void exited.then(() => {
        clearTimeout(timer);
        const found = lines.find((l) => l.msg === msg);
        if (found) resolve(found);
        else reject(new Error(`exited without "${msg}"; stderr:\n${stderr}`));
      });
      check();
    });
  return { child, logged, exited, stderr: () => stderr };
}
