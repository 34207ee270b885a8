// A loopback stand-in for Slack's servers, on 127.0.0.1 only: the Web API (every call recorded), the
// response_url endpoints the app posts to, and a Socket Mode WebSocket. It answers the way Slack does
// for the calls this app makes, and nothing more. For announcements it also keeps each channel's history
// (what chat.postMessage posted, with its metadata; see fake-channels.ts), knows which users are admins
// (users.info), and can be scripted to answer a channel's next calls with 429s, 5xx, Slack errors or a slow
// response. For the fan-out benchmark it can check bot tokens (each one a workspace), enforce Slack's
// posting limits and keep only counts instead of every call. For the admin features it can hold back scopes
// (missing_scope, as for a workspace that declined the optional ones) and takes App Home views
// (views.publish; see fake-surfaces.ts). For distribution it answers oauth.v2.access (fake-oauth.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HistoryMessage, SlackChannels, type SlackCounts, type SlackLimits } from './fake-channels.js';
import { FakeOAuth } from './fake-oauth.js';
import { FakeSocketMode } from './fake-socket-mode.js';
import { missingScope, publishAnswer } from './fake-surfaces.js';
import { jsonObject, parseArgs, parseJson, readBody, send } from './http.js';

export type { HistoryMessage, SlackCounts, SlackLimits } from './fake-channels.js';

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

export interface FakeSlackOptions {
  /** Enforce Slack's chat.postMessage limits (off by default: every valid post is accepted at once). */
  limits?: SlackLimits;
  /**
   * Bot tokens and the workspace (team id) each belongs to. When given, a call with any other token is
   * answered invalid_auth (not_authed without one), and rate limits are kept per workspace.
   */
  tokens?: Record<string, string>;
  /** Keep every call in `calls` (default). Off for long runs where only the counts matter. */
  recordCalls?: boolean;
  /** The bot token's scopes; a call needing another is answered missing_scope. Omitted: every scope. */
  scopes?: readonly string[];
  /** The app's OAuth credentials oauth.v2.access accepts (defaults: OAUTH_CLIENT). */
  oauthClient?: { id: string; secret: string };
}

/** The app credentials FakeSlack's oauth.v2.access accepts by default. */
export const OAUTH_CLIENT = { id: '1111111111.2222222222', secret: 'loopback-client-secret' };

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
  /** What users.info answers with include_locale, e.g. `fr-FR`. */
  locale?: string;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly hookPosts: HookPost[] = [];
  readonly #server: Server;
  readonly #socketMode = new FakeSocketMode(() => this.#record(() => {}));
  readonly #overrides = new Map<string, Json>();
  readonly #scripts = new Map<string, Scripted[]>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #notify: Array<() => void> = [];
  readonly #options: FakeSlackOptions;
  readonly #channels: SlackChannels;
  /** Each channel's messages, oldest first. */
  readonly history: Map<string, HistoryMessage[]>;
  /** The workspace's people, for users.info; anyone else is user_not_found. */
  readonly users = new Map<string, SlackUser>();
  /** Channels the bot is not a member of: posting (ephemeral too) and reading history answer not_in_channel. */
  readonly notMember: Set<string>;
  /** Requests, 429s from the limits, and when the last post was accepted. */
  readonly counts: SlackCounts;
  /** The bot token's scopes (FakeSlackOptions.scopes); undefined grants every scope. May be changed. */
  scopes: Set<string> | undefined;
  /** oauth.v2.access: install codes the test grants, refresh exchanges counted. */
  readonly oauth: FakeOAuth;

  private constructor(options: FakeSlackOptions) {
    this.#options = options;
    this.#channels = new SlackChannels(BOT.botId, options.limits);
    this.history = this.#channels.history;
    this.notMember = this.#channels.notMember;
    this.counts = this.#channels.counts;
    this.scopes = options.scopes ? new Set(options.scopes) : undefined;
    const client = options.oauthClient ?? OAUTH_CLIENT;
    this.oauth = new FakeOAuth(client.id, client.secret);
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch(() => res.destroy());
    });
    // Longer than any client's idle keep-alive, so a client never reuses a socket the server is closing.
    this.#server.keepAliveTimeout = 30_000;
    this.#server.on('upgrade', (req, socket, head) => {
      if (req.url !== '/socket') return socket.destroy();
      this.#socketMode.upgrade(req, socket, head);
    });
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
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
    return this.#channels.addMessage(channel, message, ageSeconds);
  }

  /** Messages chat.postMessage accepted (or a scripted answer let land), per channel. */
  postsPerChannel(): Map<string, number> {
    return this.#channels.postsPerChannel();
  }

  /** Restart the rate-limit windows now (and the clock `counts.lastPostMs` is read on). */
  resetWindows(): void {
    this.#channels.resetWindows();
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
    return this.#socketMode.sendEnvelope(type, payload, retryAttempt);
  }

  /** Drop every Socket Mode connection, as Slack does when it rotates servers or loses one. */
  dropSockets(): void {
    this.#socketMode.dropSockets();
  }

  get socketCount(): number {
    return this.#socketMode.socketCount;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await this.#socketMode.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    if (path.startsWith('/hooks/')) {
      this.#record(() =>
        this.hookPosts.push({ hook: path.slice('/hooks/'.length), body: jsonObject(parseJson(raw)) }),
      );
      return send(res, { ok: true });
    }
    if (!path.startsWith('/api/')) return send(res, { ok: false, error: 'unknown_path' }, 404);
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type']);
    const authorization = req.headers.authorization;
    this.counts.requests++;
    this.#record(() => {
      if (this.#options.recordCalls !== false)
        this.calls.push({ method, args, authorization, at: Date.now() });
    });
    // Called without a bot token (the app's client id and secret instead), and may be slow on purpose.
    if (method === 'oauth.v2.access') return send(res, await this.oauth.answer(args));
    const scripted = this.#scripted(method, args);
    if (scripted) return this.#sendScripted(res, method, args, scripted);
    const workspace = this.#workspaceOf(authorization);
    if (typeof workspace === 'object') return send(res, workspace);
    const refused = missingScope(this.scopes, method, args);
    if (refused) return send(res, refused);
    if (method === 'chat.postMessage' && !this.#overrides.has(method)) {
      const answer = this.#channels.postMessage(workspace, args);
      return send(res, answer.body, answer.status, answer.headers);
    }
    send(res, this.#overrides.get(method) ?? this.#defaultAnswer(method, args));
  }

  /** The workspace a call's token belongs to, or Slack's refusal when tokens are checked. */
  #workspaceOf(authorization: string | undefined): string | Json {
    const tokens = this.#options.tokens;
    if (!tokens) return BOT.teamId;
    if (!authorization) return { ok: false, error: 'not_authed' };
    const workspace = tokens[authorization.replace(/^Bearer /, '')];
    return workspace ?? { ok: false, error: 'invalid_auth' };
  }

  #scripted(method: string, args: Json): Scripted | undefined {
    const who =
      typeof args.channel === 'string' ? args.channel : typeof args.user === 'string' ? args.user : '';
    return this.#scripts.get(`${method}|${who}`)?.shift();
  }

  #sendScripted(res: ServerResponse, method: string, args: Json, s: Scripted): void {
    const status = s.status ?? 200;
    if (s.land && method === 'chat.postMessage') this.#channels.land(args);
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
      case 'conversations.history':
        return this.#channels.historyAnswer(args);
      case 'users.info': {
        const found = this.users.get(String(args.user));
        if (!found) return { ok: false, error: 'user_not_found' };
        // Like Slack, the locale only when asked for (include_locale), and sent as a string "true".
        const { locale, ...user } = found;
        const withLocale = locale !== undefined && String(args.include_locale) === 'true';
        return { ok: true, user: { id: args.user, ...user, ...(withLocale ? { locale } : {}) } };
      }
      case 'chat.postEphemeral':
        // Like any post, refused in a channel the bot is not in.
        if (this.notMember.has(String(args.channel))) return { ok: false, error: 'not_in_channel' };
        return { ok: true, message_ts: `1700000000.${String(this.counts.requests).padStart(6, '0')}` };
      case 'views.publish':
        return publishAnswer(args, this.counts.requests);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
