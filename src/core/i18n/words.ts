// The words the detector (detect.ts) compares a question with, per language: its stopwords and the words of
// its entries' questions, titles and phrasings and of its small talk, normalised the way the detector
// normalises a question (no English contractions). English also counts the matcher's English stopwords.
// Computing them means normalising every phrasing of a language (tens of milliseconds each), so
// createLanguages stores them beside the translation's snapshot (words-cache.ts).
import type { Knowledge } from '../knowledge/types.js';
import { normaliseWith } from '../match/normalise.js';
import { STOPWORDS } from '../match/stem.js';

export function detectorWords(k: Knowledge): Set<string> {
  const plain = (s: string) => normaliseWith(s, { contractions: false }).split(' ');
  const out = new Set<string>(k.language?.stopwords.flatMap(plain) ?? []);
  for (const e of k.entries)
    for (const t of [e.question, e.title, ...e.phrasings]) for (const w of plain(t)) out.add(w);
  for (const p of [k.smalltalk.greeting, k.smalltalk.thanks, k.smalltalk.help])
    for (const t of p.phrases) for (const w of plain(t)) out.add(w);
  out.delete('');
  if (!k.language) for (const w of STOPWORDS) out.add(w);
  return out;
}
