// Which English text a translation was made from. A translated entry stores `from:`, a short hash of the
// English entry's reader-facing texts as they were when it was translated; when the English text changes,
// the hash no longer matches and kb:check reports the translation as stale. Phrasings are not part of it:
// each language writes its own, so adding English phrasings never makes a translation stale.
import { createHash } from 'node:crypto';

/** The English texts a translation renders, as written in the entry file (placeholders unresolved). */
export interface TranslatableTexts {
  title: string;
  question: string;
  answer: string;
  timeAware?: { before: string; after: string } | undefined;
  steps: readonly string[];
}

/** 12 hex characters of SHA-256 over the texts, in a fixed order. */
export function sourceHash(t: TranslatableTexts): string {
  const parts = [
    t.title,
    t.question,
    t.answer,
    t.timeAware?.before ?? '',
    t.timeAware?.after ?? '',
    ...t.steps,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
}
