// How a reply fits the chat's screen. Everything is wrapped to the window's width. A reply taller than the
// window shows its answer in full and trims what comes after it (the suggestions to the first few, the
// sources to one line), so the question just asked is still on screen above the answer; what was trimmed
// is held, and `more` prints it. Nothing is dropped: trimmed lines are only deferred.
import type { Reply } from '../../src/core/index.js';
import { say } from './messages.js';
import { checkedRange, plainParts } from './render.js';
import { DEFAULT_COLUMNS, wrapText } from './wrap.js';

/** The output stream as the chat sees it: a terminal reports its size, a pipe or a file does not. */
export interface ChatOutput extends NodeJS.WritableStream {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  rows?: number | undefined;
}

export interface Screen {
  columns: number;
  /** Infinity when there is no screen to fit (not a terminal): nothing is trimmed. */
  rows: number;
}

/** Follow-ups shown when a reply is trimmed; the rest wait for `more`. */
export const TRIMMED_FOLLOW_UPS = 3;
/**
 * Screen lines around a reply that are not the reply: the question typed above it, the blank lines the
 * chat prints before and after it, and the prompt below it.
 */
export const CHROME_ROWS = 4;

const positive = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n) && n > 0;

/** The window's size, read at each reply so a resized window takes effect at once. */
export function screenOf(output: ChatOutput): Screen {
  const tty = output.isTTY === true;
  return {
    columns: tty && positive(output.columns) ? output.columns : DEFAULT_COLUMNS,
    rows: tty && positive(output.rows) ? output.rows : Number.POSITIVE_INFINITY,
  };
}

export interface LaidOut {
  /** The screen lines to print now: title first. */
  shown: string[];
  /** The screen lines `more` prints; empty when nothing was trimmed. */
  held: string[];
}

/** `blocks` separated by one blank line each, empty blocks left out. */
function stack(...blocks: string[][]): string[] {
  return blocks.filter((b) => b.length > 0).flatMap((b, i) => (i === 0 ? b : ['', ...b]));
}

/** The sources as one screen line: their count and check dates, or only the count in a narrow window. */
function collapsedSources(reply: Reply, columns: number): string[] {
  const count = reply.sources.length;
  const checked = checkedRange(reply.sources);
  const dated = count === 1 ? say('more.sources-one', { checked }) : say('more.sources', { count, checked });
  const lines = wrapText(dated, columns);
  if (lines.length === 1) return lines;
  return wrapText(
    count === 1 ? say('more.sources-short-one') : say('more.sources-short', { count }),
    columns,
  );
}

/** The reply as screen lines for `screen`, with what does not fit held back for `more`. */
export function layoutReply(reply: Reply, screen: Screen): LaidOut {
  const wrap = (lines: string[]) => lines.flatMap((line) => wrapText(line, screen.columns));
  const parts = plainParts(reply, { numbered: true });
  const answer = wrap([reply.title, ...parts.answer]);
  const followUps = parts.heading ? wrap([parts.heading, ...parts.followUps]) : [];
  const sources = parts.sources ? wrap([parts.sources]) : [];
  const full = stack(answer, followUps, sources);
  if (full.length <= screen.rows - CHROME_ROWS) return { shown: full, held: [] };

  const extra = parts.followUps.slice(TRIMMED_FOLLOW_UPS);
  const shownFollowUps =
    parts.heading && extra.length > 0
      ? wrap([
          parts.heading,
          ...parts.followUps.slice(0, TRIMMED_FOLLOW_UPS),
          say('more.follow-ups', { count: extra.length }),
        ])
      : followUps;
  const heldFollowUps = extra.length > 0 ? wrap([say('more.follow-ups-heading'), ...extra]) : [];
  // A sources line that already fits on one screen line has nothing to collapse.
  const collapse = sources.length > 1;
  const shownSources = collapse ? collapsedSources(reply, screen.columns) : sources;
  return {
    shown: stack(answer, shownFollowUps, shownSources),
    held: stack(heldFollowUps, collapse ? sources : []),
  };
}
