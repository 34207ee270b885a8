// Which shards this host runs (DISCORD_SHARDS) out of how many the bot has across every host
// (DISCORD_SHARD_COUNT). A bot in 100k+ servers spreads its shards over hosts; each host names its part:
// `0-7`, `0,2,5`, `3`, or a mix such as `0-3,8`. The list is parsed into ranges first and expanded only
// once the count has bounded it, so a typo like `0-99999999` is an error, not an allocation.
import { z } from 'zod';
import { optionalText } from '../kit/index.js';

/** More shards than any bot runs (Discord's largest run a few thousand): a bound on what a list may expand to. */
export const MAX_SHARD_COUNT = 65_536;

export interface ShardRange {
  start: number;
  end: number;
}

/** The shards a host runs: their ids, ascending, and the bot's total across all hosts. */
export interface DiscordShards {
  ids: number[];
  count: number;
}

const ITEM = /^(\d{1,6})(?:\s*-\s*(\d{1,6}))?$/;

function parseRanges(text: string, ctx: z.RefinementCtx): ShardRange[] {
  const ranges: ShardRange[] = [];
  for (const item of text.split(',').map((part) => part.trim())) {
    const match = ITEM.exec(item);
    if (!match) {
      ctx.addIssue({
        code: 'custom',
        message: `must list shard ids like 0-7, 0,2,5 or 3 (got "${item.slice(0, 20)}")`,
      });
      return z.NEVER;
    }
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (end < start) {
      ctx.addIssue({ code: 'custom', message: `has the range ${start}-${end}, which runs backwards` });
      return z.NEVER;
    }
    ranges.push({ start, end });
  }
  return ranges;
}

/** DISCORD_SHARDS: a list of ids and ranges, kept as ranges until the count is known. */
export const shardListField = optionalText.pipe(z.string().transform(parseRanges).optional());

/** DISCORD_SHARD_COUNT: the bot's shard total across every host. */
export const shardCountField = optionalText.pipe(
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number (the shard total across all hosts)')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_SHARD_COUNT, `must be between 1 and ${MAX_SHARD_COUNT}`)
    .optional(),
);

/** What is wrong with `ranges` out of `count` shards, in words, or undefined when nothing is. */
export function shardListProblem(ranges: readonly ShardRange[], count: number): string | undefined {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const highest = Math.max(...sorted.map((r) => r.end));
  if (highest >= count) {
    return `names shard ${highest}, but DISCORD_SHARD_COUNT is ${count} (shard ids run 0-${count - 1})`;
  }
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current.start <= previous.end) {
      return `names shard ${current.start} more than once`;
    }
  }
  return undefined;
}

/** The ids `ranges` cover, ascending; call after shardListProblem found nothing. */
export function expandShards(ranges: readonly ShardRange[] | undefined, count: number): DiscordShards {
  if (!ranges) return { ids: Array.from({ length: count }, (_, i) => i), count };
  const ids = ranges.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i));
  return { ids: ids.sort((a, b) => a - b), count };
}
