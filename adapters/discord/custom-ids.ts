// Buttons carry the knowledge entry they answer in their custom id, so a click needs no stored state:
// the id alone is enough to answer it, on any shard, after any restart.
import { decodeVoteTag, encodeVoteTag, entryValue, parseEntryValue, type VoteTag } from '../kit/index.js';

const ANSWER_PREFIX = 'optout:answer:';

/** `language`: the answer's, so a follow-up of a German answer is answered in German (`@de`). */
export function answerButtonId(entryId: string, language = 'en'): string {
  return `${ANSWER_PREFIX}${entryValue(entryId, language)}`;
}

/** The entry (and language) of one of our answer buttons, or undefined for any other custom id. */
export function parseAnswerButtonId(customId: string): { id: string; language?: string } | undefined {
  if (!customId.startsWith(ANSWER_PREFIX)) return undefined;
  const ref = parseEntryValue(customId.slice(ANSWER_PREFIX.length));
  return ref.id === '' ? undefined : ref;
}

// 👍 / 👎 carry the answer's random token and its entry: `optout:vote:up:<token>:<entry>`, well under
// Discord's 100 characters for the knowledge base's ids (a longer one simply gets no vote buttons).
const VOTE_PREFIX = 'optout:vote:';

export function voteButtonId(tag: VoteTag, helpful: boolean): string {
  return `${VOTE_PREFIX}${helpful ? 'up' : 'down'}:${encodeVoteTag(tag)}`;
}

/** The vote of one of our vote buttons, or undefined for any other custom id. */
export function parseVoteButtonId(
  customId: string,
): { tag: VoteTag | undefined; helpful: boolean } | undefined {
  if (!customId.startsWith(VOTE_PREFIX)) return undefined;
  const rest = customId.slice(VOTE_PREFIX.length);
  const [which = '', ...tag] = rest.split(':');
  if (which !== 'up' && which !== 'down') return undefined;
  return { tag: decodeVoteTag(tag.join(':')), helpful: which === 'up' };
}
