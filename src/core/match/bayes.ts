// A multinomial naive Bayes classifier over the same tokens the TF-IDF ranker uses. Nearest-phrasing cosine
// rewards a question for resembling one phrasing closely; Bayes rewards it for using the words an entry's
// phrasings use as a whole, which generalises better to wordings no curator wrote. The matcher blends both.

export interface Bayes {
  /** Posterior probability of each entry (index order), given the question's known tokens. */
  posterior(tokens: readonly string[]): Float64Array;
}

export function createBayes(docs: ReadonlyArray<ReadonlyArray<readonly string[]>>, smoothing = 0.5): Bayes {
  const vocabulary = new Set<string>();
  for (const doc of docs) for (const tokens of doc) for (const t of tokens) vocabulary.add(t);
  const v = vocabulary.size;
  // Per entry: log P(token | entry) for tokens it uses, and the log probability of any token it never used.
  const logs = docs.map((doc) => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const tokens of doc) {
      for (const t of new Set(tokens)) {
        counts.set(t, (counts.get(t) ?? 0) + 1);
        total++;
      }
    }
    const denominator = Math.log(total + smoothing * v);
    const seen = new Map<string, number>();
    for (const [t, c] of counts) seen.set(t, Math.log(c + smoothing) - denominator);
    return { seen, unseen: Math.log(smoothing) - denominator };
  });
  const out = new Float64Array(docs.length);

  return {
    posterior(tokens) {
      let max = -Infinity;
      logs.forEach((l, i) => {
        // Uniform prior: an entry with many phrasings is not more likely to be asked about.
        let sum = 0;
        for (const t of tokens) if (vocabulary.has(t)) sum += l.seen.get(t) ?? l.unseen;
        out[i] = sum;
        if (sum > max) max = sum;
      });
      let z = 0;
      for (let i = 0; i < out.length; i++) {
        const e = Math.exp((out[i] ?? 0) - max);
        out[i] = e;
        z += e;
      }
      for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / z;
      return out;
    },
  };
}
