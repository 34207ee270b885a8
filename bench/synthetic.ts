import type { Entry, Knowledge } from '../src/core/index.js';

// Inflates the knowledge base to N entries for the scaling benchmark: copies of real entries whose
// phrasings gain made-up words, so the index grows in entries, phrasings and vocabulary alike.

function pseudoWord(i: number): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  const vowels = 'aeiou';
  let s = '';
  let n = i + 7919;
  for (let k = 0; k < 3; k++) {
    s += (letters[n % letters.length] ?? 'b') + (vowels[Math.floor(n / 20) % vowels.length] ?? 'a');
    n = Math.floor(n / 97) + k * 31 + i;
  }
  return `${s}${i.toString(36)}`;
}

export function inflateKnowledge(knowledge: Knowledge, size: number): Knowledge {
  const entries: Entry[] = [...knowledge.entries];
  const real = knowledge.entries.filter((e) => e.kind === 'answer');
  for (let i = entries.length; i < size; i++) {
    const base = real[i % real.length];
    if (!base) break;
    const extra = `${pseudoWord(i)} ${pseudoWord(i * 3 + 1)}`;
    entries.push({
      ...base,
      id: `${base.id}-synthetic-${i}`,
      question: `${base.question} ${extra}`,
      phrasings: base.phrasings.map((p, k) => `${p} ${pseudoWord(i * 17 + k)}`),
    });
  }
  return { ...knowledge, entries, byId: new Map(entries.map((e) => [e.id, e])) };
}
