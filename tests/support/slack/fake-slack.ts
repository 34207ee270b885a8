// A loopback stand-in for Slack's servers, on 127.0.0.1 only: the Web API (every call recorded), the
// response_url endpoints the app posts to, and a Socket Mode WebSocket. It answers the way Slack does
// for the calls this app makes, and nothing more. For announcements it also keeps each channel's history
// (what chat.postMessage posted, with its metadata), knows which users are admins (users.info), and can be
// scripted to answer a channel's next calls with 429s, 5xx, Slack errors or a slow response.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** Who the bot is in the fake workspace (what auth.test reports). */
export const BOT = { userId: 'UBOT0001', botId: 'BBOT0001', teamId: 'T0000001' };

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** The Authorization header, to check which token a call used. */
  authorization: string | undefined;
  /** When it arrived (Date.now()). */
  at: number;
}

export interface HookPost {
  /** The last path segment of the response_url. */
  hook: string;
  body: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** A message in a channel's history, as conversations.history returns it. */
export interface HistoryMessage {
  type: 'message';
  ts: string;
  text: string;
  bot_id: string;
  metadata?: { event_type: string; event_payload: Json };
}

/** One scripted answer to a call, used once, before the stand-in's normal answer. */
export interface Scripted {
  /** HTTP status (default 200). */
  status?: number;
  /** The body (default `{ ok: true }` for 200, `{}` otherwise). */
  body?: Json;
  headers?: Record<string, string>;
  /** Answer this much later (to make the client time out). */
  delayMs?: number;
  /** chat.postMessage only: the message is posted to the channel although the answer says otherwise. */
  land?: boolean;
}

export interface SlackUser {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly hookPosts: HookPost[] = [];
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();
  readonly #acks = new Map<string, (payload: Json) => void>();
  readonly #overrides = new Map<string, Json>();
  readonly #scripts = new Map<string, Scripted[]>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #notify: Array<() => void> = [];
  #seq = 0;
  /** Each channel's messages, oldest first. */
  readonly history = new Map<string, HistoryMessage[]>();
  /** The workspace's people, for users.info; anyone else is user_not_found. */
  readonly users = new Map<string, SlackUser>();
  /** Channels the bot is not a member of: posting and reading history answer not_in_channel. */
  readonly notMember = new Set<string>();

  private constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('upgrade', (req, socket, head) => {
      if (req.url !== '/socket') return socket.destroy();
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connected(ws));
    });
  }

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(hook: string): string {
    return `${this.baseUrl}/hooks/${hook}`;
  }

  /** Answer `method` with `body` from now on (e.g. an auth.test failure). */
  answer(method: string, body: Json): void {
    this.#overrides.set(method, body);
  }

  /** Answer the next calls to `method` in `channel` (or with `user`) with these, one each, in order. */
  script(method: string, channelOrUser: string, ...answers: Scripted[]): void {
    const key = `${method}|${channelOrUser}`;
    this.#scripts.set(key, [...(this.#scripts.get(key) ?? []), ...answers]);
  }

  /** Forget the answers still scripted for `method` in `channel` (a hang or outage ends). */
  unscript(method: string, channelOrUser: string): void {
    this.#scripts.delete(`${method}|${channelOrUser}`);
  }

  /** Put a message in a channel's history, as if posted earlier (`ageSeconds` ago). */
  addMessage(channel: string, message: Partial<HistoryMessage> = {}, ageSeconds = 0): HistoryMessage {
    const m: HistoryMessage = {
      type: 'message',
      ts: this.#nextTs(ageSeconds),
      text: 'earlier message',
      bot_id: BOT.botId,
      ...message,
    };
    const list = this.history.get(channel) ?? [];
    list.push(m);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    this.history.set(channel, list);
    return m;
  }

  /** The announcements (messages with metadata) posted to a channel. */
  announcementsIn(channel: string): HistoryMessage[] {
    return (this.history.get(channel) ?? []).filter((m) => m.metadata);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  postsTo(hook: string): HookPost[] {
    return this.hookPosts.filter((p) => p.hook === hook);
  }

  /**
   * Resolve with `find()` once it returns something, checking again whenever the stand-in records a call
   * or a socket closes; reject after `timeoutMs` naming what was awaited.
   */
  waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 3000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return false;
        clearTimeout(timer);
        this.#notify = this.#notify.filter((n) => n !== listener);
        resolve(found);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.#notify = this.#notify.filter((n) => n !== listener);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      if (!check()) this.#notify.push(listener);
    });
  }

  /** The `n`th call to `method` (1-based), once it has arrived. */
  nthCall(method: string, n = 1): Promise<ApiCall> {
    return this.waitFor(`call ${n} to ${method}`, () => this.callsTo(method)[n - 1]);
  }

  nthPost(hook: string, n = 1): Promise<HookPost> {
    return this.waitFor(`post ${n} to response_url ${hook}`, () => this.postsTo(hook)[n - 1]);
  }

  /** Push a Socket Mode envelope to the connected app; resolves with the payload it acknowledges with. */
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
    return this.waitForAck(envelopeId, acked);
  }

  private waitForAck(envelopeId: string, acked: Promise<Json>): Promise<Json> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`envelope ${envelopeId} was not acknowledged`)), 3000);
    });
    return Promise.race([acked, timeout]).finally(() => clearTimeout(timer));
  }

  /** Drop every Socket Mode connection, as Slack does when it rotates servers or loses one. */
  dropSockets(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  get socketCount(): number {
    return this.#sockets.size;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #connected(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on('close', () => this.#record(() => this.#sockets.delete(ws)));
    ws.on('message', (data) => {
      const { envelope_id: id, payload } = JSON.parse(String(data)) as {
        envelope_id?: string;
        payload?: Json;
      };
      if (id) this.#acks.get(id)?.(payload ?? {});
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0000001' } }));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    if (path.startsWith('/hooks/')) {
      this.#record(() =>
        this.hookPosts.push({ hook: path.slice('/hooks/'.length), body: JSON.parse(raw) as Json }),
      );
      return send(res, { ok: true });
    }
    if (!path.startsWith('/api/')) return send(res, { ok: false, error: 'unknown_path' }, 404);
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type']);
    this.#record(() =>
      this.calls.push({ method, args, authorization: req.headers.authorization, at: Date.now() }),
    );
    const scripted = this.#scripted(method, args);
    if (scripted) return this.#sendScripted(res, method, args, scripted);
    send(res, this.#overrides.get(method) ?? this.#defaultAnswer(method, args));
  }

  #scripted(method: string, args: Json): Scripted | undefined {
    const who =
      typeof args.channel === 'string' ? args.channel : typeof args.user === 'string' ? args.user : '';
    return this.#scripts.get(`${method}|${who}`)?.shift();
  }

  #sendScripted(res: ServerResponse, method: string, args: Json, s: Scripted): void {
    const status = s.status ?? 200;
    if (s.land && method === 'chat.postMessage') this.#post(args);
    const answer = () => {
      if (!res.destroyed) send(res, s.body ?? (status === 200 ? { ok: true } : {}), status, s.headers);
    };
    if (!s.delayMs) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      answer();
    }, s.delayMs);
    this.#timers.add(timer);
  }

  /** A ts like Slack's: seconds since the epoch (now, or `ageSeconds` ago), and a unique suffix. */
  #nextTs(ageSeconds = 0): string {
    this.#seq += 1;
    return `${Math.floor(Date.now() / 1000) - ageSeconds}.${String(this.#seq).padStart(6, '0')}`;
  }

  #post(args: Json): Json {
    const channel = String(args.channel);
    const metadata = args.metadata as HistoryMessage['metadata'] | undefined;
    const m = this.addMessage(channel, { text: String(args.text ?? ''), ...(metadata ? { metadata } : {}) });
    return { ok: true, channel, ts: m.ts };
  }

  #historyAnswer(args: Json): Json {
    const channel = String(args.channel);
    if (this.notMember.has(channel)) return { ok: false, error: 'not_in_channel' };
    const oldest = Number(args.oldest ?? 0);
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const newestFirst = (this.history.get(channel) ?? [])
      .filter((m) => Number(m.ts) > oldest)
      .reverse()
      .map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
    const start = Number(args.cursor ?? 0);
    const limit = Number(args.limit ?? 100);
    const messages = newestFirst.slice(start, start + limit);
    const more = start + limit < newestFirst.length;
    return {
      ok: true,
      messages,
      has_more: more,
      response_metadata: { next_cursor: more ? String(start + limit) : '' },
    };
  }

  #record(push: () => void): void {
    push();
    for (const notify of [...this.#notify]) notify();
  }

  #defaultAnswer(method: string, args: Json): Json {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: BOT.userId,
          bot_id: BOT.botId,
          team_id: BOT.teamId,
          url: 'https://fake.slack/',
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.baseUrl.replace('http', 'ws')}/socket` };
      case 'chat.postMessage':
        if (this.notMember.has(String(args.channel))) return { ok: false, error: 'not_in_channel' };
        return this.#post(args);
      case 'conversations.history':
        return this.#historyAnswer(args);
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? { ok: true, user: { id: args.user, ...user } } : { ok: false, error: 'user_not_found' };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(this.calls.length).padStart(6, '0')}` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends forms with nested values (blocks) as JSON strings, or JSON bodies. */
function parseArgs(raw: string, contentType: string | undefined): Json {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Json) : {};
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

function send(res: ServerResponse, body: Json, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
