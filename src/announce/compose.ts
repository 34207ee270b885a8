// Announcement text comes from the core's time-aware deadline answer. The core's Bot reads time from the
// clock it was created with, so the announcer keeps a bot of its own on a clock it sets for each
// announcement: the text ("in 3 days", "passed 28 days ago") is right for when it is posted or previewed,
// and in the subscription's language (a German channel gets the German deadline answer).
// Bot creation is passed in, so this module does not depend on the core's internals.
import { type Bot, type Clock, ManualClock } from '../core/index.js';
import { DEFAULT_LANGUAGE } from './language.js';
import type { Compose } from './types.js';
import { wallAsUtcMs, zonedWallTime } from './zoned-time.js';

export function composeWithBot(makeBot: (clock: Clock) => Pick<Bot, 'deadline'>): Compose {
  const clock = new ManualClock(0);
  const bot = makeBot(clock);
  // Synchronous: nothing can run between setting the clock and composing.
  return (occurrence, now, options = {}) => {
    // The core counts days from the policy date's UTC midnight. Handing it the channel's local wall time
    // (read as UTC) makes that count the channel's calendar days: 09:00 on 2 November in Auckland is
    // "tomorrow", not "in 2 days" (it is still 1 November in UTC).
    clock.set(wallAsUtcMs(zonedWallTime(now, occurrence.timeZone)));
    return bot.deadline({ language: options.language ?? DEFAULT_LANGUAGE });
  };
}
