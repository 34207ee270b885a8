// A loopback stand-in for Discord: the REST API (HTTP) and the gateway (WebSocket) on one 127.0.0.1 port.
// It speaks just enough of both for a real discord.js Client to log in, receive dispatches and answer, and
// it records every REST call so tests can assert what the bot sent. Gateway sessions keep their dispatch
// log so a resumed connection gets the events it missed, as Discord does. Messages are created as Discord
// creates them (fake-channel-messages.ts); for the fan-out benchmark it can take a given bot token,
// enforce Discord's message rate limits and keep only counts instead of every call.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { DiscordConfig } from '../../../adapters/discord/env.js';
import { ChannelMessages, type DiscordCounts, type DiscordLimits } from './fake-channel-messages.js';
import { FakeCommands } from './fake-commands.js';
import type { CreatedMessage, RestCall } from './fake-records.js';
import { IdentifyLimit } from './identify-limit.js';
import { guildCreate, messageFromBody, snowflake, user } from './payloads.js';
import type { ScriptedAnswer } from './rest-scripts.js';

export type { DiscordCounts, DiscordLimits } from './fake-channel-messages.js';
export type { CreatedMessage, RestCall } from './fake-records.js';
export type { IdentifyAttempt } from './identify-limit.js';

export { discordError, rateLimited, type ScriptedAnswer } from './rest-scripts.js';

interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  log: Array<{ s: number; t: string; d: unknown }>;
  socket: WebSocket | undefined;
}

export interface FakeDiscordOptions {
  /** What GET /gateway/bot recommends (the shard count 'auto' resolves to). */
  recommendedShards?: number;
  /** HELLO's heartbeat interval; short values let a test watch heartbeats. */
  heartbeatIntervalMs?: number;
  /** Close every IDENTIFY with this code instead of READY (4004 revoked token, 4014 disallowed intents). */
  identifyCloseCode?: number;
  /** Never answer IDENTIFY: a gateway that accepts the connection and then says nothing. */
  silentIdentify?: boolean;
  /** The bot token it accepts (default: a random one, read from `token`). */
  token?: string;
  /** Enforce Discord's limits on creating messages (off by default: every valid post is created at once). */
  limits?: DiscordLimits;
  /** Keep every REST call in `calls` (default). Off for long runs where only the counts matter. */
  recordCalls?: boolean;
  /** What GET /gateway/bot says in session_start_limit.max_concurrency (default 1). */
  maxConcurrency?: number;
  /**
   * Refuse (close 4008, rate limited) an IDENTIFY within `identifyWindowMs` of the previous accepted one
   * in its bucket (shard % maxConcurrency), as Discord does. Off by default: most tests identify freely.
   */
  enforceIdentifyLimit?: boolean;
  /** The identify window per bucket (default Discord's 5,000 ms). */
  identifyWindowMs?: number;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId = snowflake();
  /** The registered application commands, per scope, with GET and bulk-overwrite PUT. */
  readonly commands = new FakeCommands(this.applicationId);
  readonly botUser = user({ username: 'optout-bot', bot: true });
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  readonly calls: RestCall[] = [];
  readonly identifies: Array<{ shard: [number, number] | undefined; intents: number }> = [];
  readonly resumes: string[] = [];
  /** Every IDENTIFY with a valid token, accepted or refused, timed on arrival. */
  readonly identifyLimit: IdentifyLimit;
  heartbeats = 0;
  /** Gateway WebSocket connections opened, including reconnects. */
  connections = 0;
  /** Messages created through POST /channels/:id/messages (a nonce repeat with enforce_nonce adds none). */
  readonly messages: CreatedMessage[];
  /** REST requests, 429s from the limits, and when the last message was created. */
  readonly counts: DiscordCounts;
  /** Per channel id: answers given, in order, to the next message posts there before they succeed. */
  readonly messageScripts = new Map<string, ScriptedAnswer[]>();
  readonly #channelMessages: ChannelMessages;
  readonly #events = new EventEmitter();
  readonly #sessions: Session[] = [];
  readonly #sockets = new Set<WebSocket>();
  readonly #started = Date.now();
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #options: FakeDiscordOptions & { recommendedShards: number; heartbeatIntervalMs: number };

  private constructor(options: FakeDiscordOptions) {
    this.#options = { recommendedShards: 1, heartbeatIntervalMs: 41_250, ...options };
    this.token = options.token ?? `fake-token-${randomBytes(12).toString('hex')}`;
    this.identifyLimit = new IdentifyLimit(
      options.maxConcurrency ?? 1,
      options.identifyWindowMs ?? 5_000,
      options.enforceIdentifyLimit ?? false,
    );
    this.#channelMessages = new ChannelMessages(this.botUser, options.limits);
    this.messages = this.#channelMessages.messages;
    this.counts = this.#channelMessages.counts;
    this.#server = createServer((req, res) => {
      this.#rest(req, res).catch(() => res.destroy());
    });
    // Longer than any client's idle keep-alive, so a client never reuses a socket the server is closing.
    this.#server.keepAliveTimeout = 30_000;
    this.#server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return socket.destroy();
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connect(ws));
    });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }
  /** The base discord.js appends `/v10` to. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Send a dispatch on the shard's session; kept in the session log for replay on resume. */
  dispatch(t: string, d: unknown, shard = 0): void {
    const session = this.#sessions.findLast((s) => s.shard[0] === shard);
    if (!session) throw new Error(`no gateway session for shard ${shard}`);
    const event = { s: ++session.seq, t, d };
    session.log.push(event);
    session.socket?.send(JSON.stringify({ op: 0, ...event }));
  }

  /** Close every gateway connection with `code` (4000 is resumable; 1000 ends the session). */
  dropConnections(code = 4000): void {
    for (const ws of this.#sockets) ws.close(code, 'dropped by test');
  }

  /** Forget every session, so a client's resume is refused and it must identify again. */
  forgetSessions(): void {
    this.#sessions.length = 0;
  }

  /** The first recorded call (past or future) matching `match`, or a rejection after `timeoutMs`. */
  waitForCall(match: (call: RestCall) => boolean, timeoutMs = 3000): Promise<RestCall> {
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: RestCall) => {
        if (!match(call)) return;
        clearTimeout(timer);
        this.#events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.#events.off('call', onCall);
        reject(new Error(`no matching REST call within ${timeoutMs} ms; got ${this.describeCalls()}`));
      }, timeoutMs);
      this.#events.on('call', onCall);
    });
  }

  /** Messages created, per channel id. */
  postsPerChannel(): Map<string, number> {
    return this.#channelMessages.postsPerChannel();
  }

  /** Restart the rate-limit windows now (and the clock `counts.lastPostMs` is read on). */
  resetWindows(): void {
    this.#channelMessages.resetWindows();
  }

  describeCalls(): string {
    return JSON.stringify(this.calls.map((c) => `${c.method} ${c.path}`));
  }

  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #connect(ws: WebSocket): void {
    this.connections += 1;
    this.#sockets.add(ws);
    ws.on('close', () => {
      this.#sockets.delete(ws);
      for (const s of this.#sessions) if (s.socket === ws) s.socket = undefined;
    });
    ws.on('message', (raw) => this.#onGatewayMessage(ws, JSON.parse(String(raw))));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } }));
  }

  #onGatewayMessage(ws: WebSocket, { op, d }: { op: number; d: Record<string, unknown> }): void {
    if (op === 1) {
      this.heartbeats += 1;
      ws.send(JSON.stringify({ op: 11 }));
    } else if (op === 2) {
      this.#identify(ws, d);
    } else if (op === 6) {
      this.#resume(ws, d);
    }
  }

  #identify(ws: WebSocket, d: Record<string, unknown>): void {
    if (d.token !== this.token) {
      ws.close(4004, 'Authentication failed');
      return;
    }
    if (this.#options.identifyCloseCode !== undefined) {
      ws.close(this.#options.identifyCloseCode, 'refused by test');
      return;
    }
    if (this.#options.silentIdentify) return;
    const requested = d.shard as [number, number] | undefined;
    const shard = requested ?? [0, 1];
    if (!(shard[0] >= 0 && shard[0] < shard[1])) {
      ws.close(4010, 'Invalid shard');
      return;
    }
    if (!this.identifyLimit.admit(shard[0], shard[1])) {
      ws.close(4008, 'Rate limited: identify within the bucket window');
      return;
    }
    this.identifies.push({ shard: requested, intents: Number(d.intents) });
    const session: Session = { id: randomBytes(8).toString('hex'), shard, seq: 0, log: [], socket: ws };
    this.#sessions.push(session);
    // Discord puts a guild on shard (guild_id >> 22) % shard_count.
    const hasGuild = Number((BigInt(this.guildId) >> 22n) % BigInt(shard[1])) === shard[0];
    this.dispatch(
      'READY',
      {
        v: 10,
        user: this.botUser,
        guilds: hasGuild ? [{ id: this.guildId, unavailable: true }] : [],
        session_id: session.id,
        resume_gateway_url: this.gatewayUrl,
        shard,
        application: { id: this.applicationId, flags: 0 },
      },
      shard[0],
    );
    // Without the guild's channels in its cache, discord.js drops messages from them silently.
    if (hasGuild) this.dispatch('GUILD_CREATE', guildCreate(this), shard[0]);
  }

  #resume(ws: WebSocket, d: Record<string, unknown>): void {
    const session = this.#sessions.find((s) => s.id === d.session_id);
    if (!session || d.token !== this.token) {
      // Not resumable: the client must identify again.
      ws.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    session.socket = ws;
    this.resumes.push(session.id);
    for (const event of session.log.filter((e) => e.s > Number(d.seq))) {
      ws.send(JSON.stringify({ op: 0, ...event }));
    }
    this.dispatch('RESUMED', {}, session.shard[0]);
  }

  async #rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const call: RestCall = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body: parseBody(text),
      at: Date.now() - this.#started,
      authorized: req.headers.authorization === `Bot ${this.token}`,
    };
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return; // the client gave up waiting
      res.writeHead(
        status,
        body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      );
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    this.counts.requests++;
    if (this.#options.recordCalls !== false) this.calls.push(call);
    this.#events.emit('call', call);
    // Interaction responses and webhooks authenticate by the token in the path, like Discord's.
    const open = /^\/(interactions|webhooks)\//.test(path);
    if (!open && !call.authorized) return send(401, { message: '401: Unauthorized', code: 0 });
    const channel = call.method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(path)?.[1] : undefined;
    if (channel) {
      const scripted = this.messageScripts.get(channel)?.shift();
      if (scripted) {
        const answer: [number, unknown, Record<string, string>?] =
          scripted.status === 200
            ? [200, this.#channelMessages.create(channel, call)]
            : [scripted.status, scripted.body, scripted.headers];
        if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
        return send(...answer);
      }
      return send(...this.#channelMessages.post(channel, call));
    }
    send(...this.#route(call));
  }

  #route(call: RestCall): [number, unknown?, Record<string, string>?] {
    const { method, path } = call;
    if (method === 'GET' && path === '/gateway/bot') {
      return [
        200,
        {
          url: this.gatewayUrl,
          shards: this.#options.recommendedShards,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: this.identifyLimit.maxConcurrency,
          },
        },
      ];
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      return call.query.get('with_response') === 'true' ? [200, { interaction: {}, resource: {} }] : [204];
    }
    if (/^\/webhooks\/\d+\/[^/]+(\/messages\/.+)?$/.test(path) && (method === 'PATCH' || method === 'POST')) {
      return [200, messageFromBody(call.body, this.channelId, this.botUser)];
    }
    const commands = this.commands.route(call);
    if (commands) return commands;
    return [404, { message: 'Unknown route', code: 0 }];
  }
}

/** A request body as JSON; text that is not JSON is kept as the string, for the route to refuse. */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The adapter's config for talking to `fake` (optionally registering in one server). */
export function fakeDiscordConfig(fake: FakeDiscord, guildId?: string): DiscordConfig {
  return {
    token: fake.token,
    applicationId: fake.applicationId,
    guildId,
    apiUrl: fake.apiUrl,
    sharding: 'off',
  };
}
