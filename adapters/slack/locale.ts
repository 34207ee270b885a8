// The asker's Slack locale, for questions whose own words cannot tell their language ("opt-out?", an empty
// `/optout`): users.info with include_locale (needs the optional users:read scope). Kept in memory for a few
// minutes, keyed by an HMAC of the workspace and user ids under a key made at start-up and never stored, so
// the cache holds no user id; nothing is written anywhere. A slow or refused lookup answers without a hint.
import { createHmac, randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { within } from '../../src/core/index.js';

const usersInfo = z.object({
  ok: z.literal(true),
  user: z.object({ locale: z.string().optional() }).optional(),
});
const slackError = z.object({ data: z.object({ error: z.string() }) });

export interface LocaleLookupOptions {
  /** The lookup gives up after this long (a slash command must be acknowledged within 3 seconds). */
  timeoutMs?: number;
  /** How long a locale is remembered. */
  ttlMs?: number;
  /** At most this many remembered, the oldest forgotten first. */
  max?: number;
  now?: () => number;
}

export interface LocaleLookup {
  localeOf(client: webApi.WebClient, teamId: string | undefined, userId: string): Promise<string | undefined>;
}

export function createLocaleLookup(opts: LocaleLookupOptions = {}): LocaleLookup {
  const timeoutMs = opts.timeoutMs ?? 800;
  const ttlMs = opts.ttlMs ?? 10 * 60_000;
  const max = opts.max ?? 5_000;
  const now = opts.now ?? Date.now;
  const key = randomBytes(32);
  const hash = (s: string) => createHmac('sha256', key).update(s).digest('hex');
  const cache = new Map<string, { locale: string | undefined; at: number }>();
  /** Workspaces that did not grant users:read, asked again only after ttlMs. */
  const noScope = new Map<string, number>();
  const remember = (k: string, locale: string | undefined) => {
    cache.delete(k);
    cache.set(k, { locale, at: now() });
    if (cache.size > max) cache.delete(cache.keys().next().value ?? '');
  };
  return {
    async localeOf(client, teamId, userId) {
      const team = hash(`team:${teamId ?? ''}`);
      const since = noScope.get(team);
      if (since !== undefined && now() - since < ttlMs) return undefined;
      const k = hash(`${teamId ?? ''}:${userId}`);
      const hit = cache.get(k);
      if (hit && now() - hit.at < ttlMs) return hit.locale;
      try {
        const res = await within(client.users.info({ user: userId, include_locale: true }), timeoutMs);
        // Too slow this time: answer without the hint, and ask again next time.
        if (res.timedOut) return undefined;
        const parsed = usersInfo.safeParse(res.value);
        const locale = parsed.success ? parsed.data.user?.locale : undefined;
        remember(k, locale);
        return locale;
      } catch (error) {
        // No users:read: every lookup in this workspace would fail the same way for a while.
        if (slackError.safeParse(error).data?.data.error === 'missing_scope') noScope.set(team, now());
        else remember(k, undefined);
        return undefined;
      }
    },
  };
}

/** Whether a question's own words are too few to tell its language, so the user's locale is worth asking. */
export function needsLocale(question: string): boolean {
  const words = question.trim().split(/\s+/).filter(Boolean);
  // The English command words ("help", "deadline") were typed in English: no lookup for them.
  if (words.length === 1 && /^(help|deadline)$/i.test(words[0] ?? '')) return false;
  return words.length <= 3;
}
