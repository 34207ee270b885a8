// Buttons carry the knowledge entry they answer in their custom id, so a click needs no stored state:
// the id alone is enough to answer it, on any shard, after any restart.

const ANSWER_PREFIX = 'optout:answer:';

export function answerButtonId(entryId: string): string {
  return `${ANSWER_PREFIX}${entryId}`;
}

/** The entry id of one of our answer buttons, or undefined for any other custom id. */
export function parseAnswerButtonId(customId: string): string | undefined {
  if (!customId.startsWith(ANSWER_PREFIX)) return undefined;
  const id = customId.slice(ANSWER_PREFIX.length);
  return id === '' ? undefined : id;
}
