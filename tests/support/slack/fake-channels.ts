// The channels of FakeSlack: each channel's history, chat.postMessage as Slack checks it (fields, then
// its rate limits when they are on), conversations.history with paging and metadata, and the counts a
// fan-out benchmark reads. No HTTP here: FakeSlack routes calls to it.
import { FixedWindows } from '../rate-windows.js';

type Json = Record<string, unknown>;

/** A message in a channel's history, as conversations.history returns it. */
export interface HistoryMessage {
  type: 'message';
  ts: string;
  text: string;
  bot_id: string;
  metadata?: { event_type: string; event_payload: Json };
}

/** Slack's limits on chat.postMessage, enforced only when given to FakeSlack. */
export interface SlackLimits {
  /** Posts per workspace (the bot token's) per fixed 1-second window. */
  perWorkspacePerSecond: number;
  /** Least time between two posts to one channel ("one message per second per channel"). */
  perChannelMs: number;
}

export interface SlackAnswer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

export interface SlackCounts {
  /** Web API requests received (any method). */
  requests: number;
  /** chat.postMessage requests answered 429 by the limits. */
  rateLimited: number;
  /** When the last post was accepted, in ms after the windows were (re)started. */
  lastPostMs: number;
}

const metadataShape = (value: unknown): value is HistoryMessage['metadata'] =>
  typeof value === 'object' &&
  value !== null &&
  'event_type' in value &&
  typeof value.event_type === 'string' &&
  'event_payload' in value &&
  typeof value.event_payload === 'object' &&
  value.event_payload !== null;

export class SlackChannels {
  /** Each channel's messages, oldest first. */
  readonly history = new Map<string, HistoryMessage[]>();
  /** Channels the bot is not a member of: posting and reading history answer not_in_channel. */
  readonly notMember = new Set<string>();
  readonly counts: SlackCounts = { requests: 0, rateLimited: 0, lastPostMs: 0 };
  readonly #posted = new Map<string, number>();
  readonly #windows = new FixedWindows();
  readonly #lastPost = new Map<string, number>();
  #seq = 0;

  constructor(
    readonly botId: string,
    readonly limits: SlackLimits | undefined,
  ) {}

  /** Restart the rate-limit windows and the clock `lastPostMs` is read on. */
  resetWindows(): void {
    this.#windows.reset();
  }

  /** Messages chat.postMessage accepted, per channel. */
  postsPerChannel(): Map<string, number> {
    return new Map(this.#posted);
  }

  /** Put a message in a channel's history, as if posted earlier (`ageSeconds` ago). */
  addMessage(channel: string, message: Partial<HistoryMessage> = {}, ageSeconds = 0): HistoryMessage {
    const m: HistoryMessage = {
      type: 'message',
      ts: this.#nextTs(ageSeconds),
      text: 'earlier message',
      bot_id: this.botId,
      ...message,
    };
    const list = this.history.get(channel) ?? [];
    list.push(m);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    this.history.set(channel, list);
    return m;
  }

  /**
   * chat.postMessage in `workspace`: Slack's field checks (errors are HTTP 200 with ok:false), then, with
   * limits on, one post per channel per `perChannelMs` and `perWorkspacePerSecond`: a 429 with a
   * whole-seconds Retry-After, as Slack answers.
   */
  postMessage(workspace: string, args: Json): SlackAnswer {
    const channel = typeof args.channel === 'string' ? args.channel : '';
    const refused = (error: string): SlackAnswer => ({ status: 200, body: { ok: false, error } });
    if (!channel) return refused('channel_not_found');
    if (this.notMember.has(channel)) return refused('not_in_channel');
    if (args.blocks !== undefined && !Array.isArray(args.blocks)) return refused('invalid_blocks');
    if (args.metadata !== undefined && !metadataShape(args.metadata))
      return refused('invalid_metadata_format');
    const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
    if (!args.text && !hasBlocks) return refused('no_text');
    const wait = this.#wait(workspace, channel);
    if (wait !== undefined && wait > 0) {
      this.counts.rateLimited++;
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(Math.ceil(wait / 1_000)) },
      };
    }
    return { status: 200, body: this.land(args) };
  }

  /** Post without any checks (a scripted answer that lands anyway); returns Slack's success answer. */
  land(args: Json): Json {
    const channel = String(args.channel);
    const metadata = metadataShape(args.metadata) ? args.metadata : undefined;
    const m = this.addMessage(channel, { text: String(args.text ?? ''), ...(metadata ? { metadata } : {}) });
    this.#posted.set(channel, (this.#posted.get(channel) ?? 0) + 1);
    this.counts.lastPostMs = this.#windows.elapsed();
    return {
      ok: true,
      channel,
      ts: m.ts,
      message: { type: 'message', text: m.text, ts: m.ts, bot_id: this.botId },
    };
  }

  /** conversations.history: newest first, after `oldest`, paged by an offset cursor. */
  historyAnswer(args: Json): Json {
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

  /** Ms to wait before `channel` in `workspace` may be posted to, counting the post if it may now. */
  #wait(workspace: string, channel: string): number | undefined {
    if (!this.limits) return undefined;
    const now = Date.now();
    const key = `${workspace}/${channel}`;
    const last = this.#lastPost.get(key);
    const channelWait = last === undefined ? 0 : last + this.limits.perChannelMs - now;
    if (channelWait > 0) return channelWait;
    const wait = this.#windows.take(`workspace:${workspace}`, this.limits.perWorkspacePerSecond);
    if (wait === undefined) this.#lastPost.set(key, now);
    return wait;
  }

  /** A ts like Slack's: seconds since the epoch (now, or `ageSeconds` ago), and a unique suffix. */
  #nextTs(ageSeconds = 0): string {
    this.#seq += 1;
    return `${Math.floor(Date.now() / 1000) - ageSeconds}.${String(this.#seq).padStart(6, '0')}`;
  }
}
