// The Poster contract (src/announce/types.ts, docs/announcements.md): what every platform's announcement
// poster must do against its platform, checked through the platform's loopback stand-in. Run it from the
// platform's test file with a spec that starts the stand-in, builds the poster on it and says how to make
// the platform answer each situation:
//
//   posterContract('Slack', { start, goneSituations: ['deleted', 'archived'], ..., settlesBy: 'lookup' });
//
// The runner does all waiting and retrying, so the checks also assert the poster sent exactly one request.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  idempotencyKey,
  type Occurrence,
  PostError,
  type Poster,
  type Target,
} from '../../../src/announce/index.js';
import { composeStub } from '../announce-helpers.js';

/** How the stand-in answers the next post to the target channel (instead of accepting it). */
export type PlatformAnswer =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'server-error'; status: number }
  /** `situation` is one of the spec's goneSituations. */
  | { kind: 'gone'; situation: string }
  /** `situation` is one of the spec's forbiddenSituations. */
  | { kind: 'forbidden'; situation: string }
  /** The platform applies the post, but answers only after `delayMs`, long after the poster's timeout. */
  | { kind: 'lands-late'; delayMs: number };

export interface PosterUnderTest {
  poster: Poster;
  /** A channel on the stand-in where the bot may post. */
  target: Target;
  answerNextPost(answer: PlatformAnswer): void;
  /** The platform's ids of the messages now in the target channel that carry `key`. */
  messagesWith(key: string): string[];
  /** Post requests for the target channel that reached the stand-in. */
  postRequests(): number;
  close(): Promise<void>;
}

export interface PosterContractSpec {
  /** Start the stand-in and the poster on it; give the poster a per-request timeout of 1 s or less. */
  start(): Promise<PosterUnderTest>;
  /** The platform's ways of having no channel to post in (e.g. 'deleted', 'archived'). */
  goneSituations: readonly string[];
  /** The platform's ways of refusing the bot a channel (e.g. 'the bot is not a member'). */
  forbiddenSituations: readonly string[];
  /**
   * How a post whose outcome the poster never heard is settled: 'lookup' (findPosted finds it by its key)
   * or 'repeat-dropped' (within repeatIsDroppedWithinMs the platform itself drops a repeat with the key).
   */
  settlesBy: 'lookup' | 'repeat-dropped';
}

/** How late a post that lands late is answered: well past any poster timeout the spec may set. */
const LATE_MS = 2_000;

const occurrence: Occurrence = {
  key: 'start:before-7@2025-10-27T09:00',
  schedule: 'default',
  dateName: 'start',
  kind: 'before',
  daysFromDate: -7,
  at: new Date('2025-10-27T09:00:00Z'),
  local: '2025-10-27T09:00',
  timeZone: 'UTC',
};
const KEY = idempotencyKey(1, occurrence.key);
const OTHER_KEY = idempotencyKey(2, occurrence.key);

/** The PostError `p` rejects with (anything else fails the test). */
export async function rejection(p: Promise<unknown>): Promise<PostError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PostError)) throw new Error(`expected a PostError, got ${String(error)}`);
  return error;
}

export function posterContract(name: string, spec: PosterContractSpec): void {
  describe(`the ${name} poster keeps the Poster contract`, () => {
    let p: PosterUnderTest;
    beforeEach(async () => {
      p = await spec.start();
      return () => p.close();
    });
    const post = (key = KEY) =>
      p.poster.post(p.target, occurrence, composeStub(occurrence, occurrence.at), { idempotencyKey: key });
    /** The next post fails with a PostError, sent once and posting nothing. */
    const refused = async (answer: PlatformAnswer) => {
      p.answerNextPost(answer);
      const error = await rejection(post());
      expect(error.message).not.toBe('');
      expect(p.postRequests()).toBe(1);
      expect(p.messagesWith(KEY)).toEqual([]);
      return error;
    };

    it('a post arrives once, carrying its delivery key, and the receipt names that message', async () => {
      const receipt = await post();
      const messages = p.messagesWith(KEY);
      expect(messages).toHaveLength(1);
      expect(receipt?.messageRef ?? messages[0]).toBe(messages[0]);
      expect(p.postRequests()).toBe(1);
    });

    it('two deliveries with different keys are two messages, each with its own key', async () => {
      await post(KEY);
      await post(OTHER_KEY);
      expect(p.messagesWith(KEY)).toHaveLength(1);
      expect(p.messagesWith(OTHER_KEY)).toHaveLength(1);
      expect(p.messagesWith(KEY)).not.toEqual(p.messagesWith(OTHER_KEY));
    });

    it('a 429 is rate-limited with its retry-after, and the poster does not wait or retry itself', async () => {
      const started = Date.now();
      const error = await refused({ kind: 'rate-limited', retryAfterMs: 2_000 });
      expect(error.kind).toBe('rate-limited');
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(2_000);
      expect(error.retryAfterMs).toBeLessThan(3_000);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it.each([500, 502, 503])(
      'HTTP %i is transient and not ambiguous: nothing was posted, and retrying is left to the runner',
      async (status) => {
        const error = await refused({ kind: 'server-error', status });
        expect(error).toMatchObject({ kind: 'transient', ambiguous: false });
      },
    );

    it.each(spec.goneSituations)('a channel that is %s is gone', async (situation) => {
      expect((await refused({ kind: 'gone', situation })).kind).toBe('gone');
    });

    it.each(spec.forbiddenSituations)('posting where %s is forbidden', async (situation) => {
      expect((await refused({ kind: 'forbidden', situation })).kind).toBe('forbidden');
    });

    it('a post that lands but is answered too late is transient and ambiguous, before the answer comes', async () => {
      p.answerNextPost({ kind: 'lands-late', delayMs: LATE_MS });
      const started = Date.now();
      const error = await rejection(post());
      expect(error).toMatchObject({ kind: 'transient', ambiguous: true });
      expect(Date.now() - started).toBeLessThan(LATE_MS);
      expect(p.messagesWith(KEY)).toHaveLength(1);
    });

    if (spec.settlesBy === 'lookup') {
      it('a post whose outcome was unknown is found by its key; a key never posted is not', async () => {
        p.answerNextPost({ kind: 'lands-late', delayMs: LATE_MS });
        await rejection(post());
        expect(await p.poster.findPosted?.(p.target, KEY)).toBe('posted');
        expect(await p.poster.findPosted?.(p.target, OTHER_KEY)).toBe('not-posted');
      });
    } else {
      it('a post whose outcome was unknown may be sent again with its key: the channel keeps one message', async () => {
        expect(p.poster.repeatIsDroppedWithinMs).toBeGreaterThan(0);
        p.answerNextPost({ kind: 'lands-late', delayMs: LATE_MS });
        await rejection(post());
        const receipt = await post();
        const messages = p.messagesWith(KEY);
        expect(messages).toHaveLength(1);
        expect(receipt?.messageRef ?? messages[0]).toBe(messages[0]);
        // Whatever findPosted can tell, it never calls a landed post (or an unsent one) the opposite.
        expect(await p.poster.findPosted?.(p.target, KEY)).not.toBe('not-posted');
        expect(await p.poster.findPosted?.(p.target, OTHER_KEY)).not.toBe('posted');
      });
    }
  });
}
