// Shared test doubles for announcements: a recording Poster with scripted failures, a sleeper that moves a
// manual clock instead of waiting, temp folders that clean up, and a compose stand-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  idempotencyKey,
  type Occurrence,
  PostError,
  type Poster,
  type PostOptions,
  parseSchedules,
  type ScheduleInput,
  type Schedules,
  type SettleResult,
  type Sleep,
  type Target,
} from '../../src/announce/index.js';
import type { ManualClock } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/reply.js';
import { ENGLISH_REPLY } from './reply-labels.js';

export const DATES = { start: new Date('2025-11-03T00:00:00Z') };

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'optout-announce-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Sleeping moves the manual clock on at once: retry waits cost no real time, and stay measurable. */
export function clockSleep(clock: ManualClock): Sleep & { waits: number[] } {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock.advance(ms);
  };
  return Object.assign(sleep, { waits });
}

export function schedules(input: Record<string, ScheduleInput>): Schedules {
  return parseSchedules(input, 'test schedules');
}

/** The Reply the core would give; the text names the occurrence so tests can see what was composed. */
export function composeStub(occurrence: Occurrence, now: Date): Reply {
  return {
    ...ENGLISH_REPLY,
    status: 'answered',
    id: 'deadline',
    confidence: 1,
    title: 'Deadline',
    text: `${occurrence.key} composed at ${now.toISOString()}`,
    steps: [],
    links: [],
    followUps: [],
    sources: [],
    dates: [],
  };
}

export interface PostRecord {
  channel: string;
  platform: string;
  occurrence: string;
  key: string;
  at: number;
  text: string;
}

/**
 * A Poster that records successful posts (the "channel history") and every attempt. `failures` scripts
 * errors per channel: each attempt takes the next one from the channel's list until it is empty.
 */
export class RecordingPoster implements Poster {
  readonly posts: PostRecord[] = [];
  readonly attempts: Array<{ channel: string; at: number }> = [];
  readonly failures = new Map<string, Array<PostError | Error>>();
  inFlight = 0;
  maxInFlight = 0;
  repeatIsDroppedWithinMs?: number;
  /** Set to make findPosted answer this instead of looking at the history. */
  settleAnswer: SettleResult | undefined;

  constructor(
    private readonly clock: ManualClock,
    private readonly latency = 0,
  ) {}

  fail(channel: string, ...errors: Array<PostError | Error>): this {
    this.failures.set(channel, [...(this.failures.get(channel) ?? []), ...errors]);
    return this;
  }

  async post(target: Target, occurrence: Occurrence, payload: Reply, options: PostOptions) {
    this.attempts.push({ channel: target.channelId, at: this.clock.now().getTime() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Yield so concurrent workers really overlap.
      await new Promise((resolve) => setTimeout(resolve, this.latency));
      const error = this.failures.get(target.channelId)?.shift();
      if (error && !(error instanceof PostError && error.ambiguous && error.message.startsWith('landed:')))
        throw error;
      this.posts.push({
        channel: target.channelId,
        platform: target.platform,
        occurrence: occurrence.key,
        key: options.idempotencyKey,
        at: this.clock.now().getTime(),
        text: payload.text,
      });
      // "landed:" errors are timeouts after the platform applied the post.
      if (error) throw error;
      return { messageRef: `m${this.posts.length}` };
    } finally {
      this.inFlight--;
    }
  }

  async findPosted(target: Target, key: string): Promise<SettleResult> {
    if (this.settleAnswer) return this.settleAnswer;
    return this.posts.some((p) => p.channel === target.channelId && p.key === key) ? 'posted' : 'not-posted';
  }

  postsTo(channel: string): PostRecord[] {
    return this.posts.filter((p) => p.channel === channel);
  }
}

export const rateLimited = (retryAfterMs: number, scope: 'channel' | 'workspace' | 'bot' = 'channel') =>
  new PostError('rate-limited', 'ratelimited', { retryAfterMs, scope });
export const serverError = () => new PostError('transient', 'HTTP 503');
export const timeoutAfterLanding = () => new PostError('transient', 'landed: timed out', { ambiguous: true });

export { idempotencyKey };
