// Greetings, thanks and "help" are recognised by whole-message phrase lists, not the fuzzy matcher: a
// "hi" must never be answered with a policy entry. A greeting in front of a real question is stripped.
import { normalise as englishNormalise, MAX_INPUT_CHARS } from './match/normalise.js';
import { escapeRegExp } from './match/tokens.js';
import { phraseEdges } from './smalltalk-edges.js';

export type SmalltalkKind = 'greeting' | 'thanks' | 'help';

export interface SmalltalkLists {
  greeting: { phrases: readonly string[] };
  thanks: { phrases: readonly string[] };
  help: { phrases: readonly string[] };
}

export function createSmalltalk(
  lists: SmalltalkLists,
  normalise: (text: string) => string = englishNormalise,
) {
  const sets = {
    greeting: new Set(lists.greeting.phrases.map(normalise)),
    thanks: new Set(lists.thanks.phrases.map(normalise)),
    help: new Set(lists.help.phrases.map(normalise)),
  };
  const kinds: SmalltalkKind[] = ['help', 'thanks', 'greeting'];
  const leading = [...sets.greeting, ...sets.thanks].filter(Boolean).sort((a, b) => b.length - a.length);
  // Two expressions for all phrases (longest first, so "good morning" beats "good"): one at the start, after
  // any mentions, one at the end; punctuation around a phrase is allowed. Unicode classes are costly to
  // compile, and a cold `ask` pays for every expression it builds.
  const alternatives = leading.map((p) => p.split(' ').map(escapeRegExp).join('[\\s\\p{P}]+')).join('|');
  // Built on first need: most messages never need either (see `edges`), and parsing them is not free.
  let start: RegExp | undefined;
  let end: RegExp | undefined;
  const startOf = () => {
    start ??= new RegExp(`^((?:<[@#!][^>\\s]*>\\s*)*)(?:${alternatives})\\b[\\s\\p{P}]*(?=\\S)`, 'iu');
    return start;
  };
  const endOf = () => {
    end ??= new RegExp(`(?<=\\S)[\\s\\p{P}]+(?:${alternatives})[\\s\\p{P}]*$`, 'iu');
    return end;
  };
  // Tried only when the text could match them (smalltalk-edges.ts): the end one is costly on a long text.
  const edges = phraseEdges(leading);

  return {
    /** The kind when the whole message is small talk (trailing "bot"/"there" etc. tolerated). */
    classify(text: string): SmalltalkKind | undefined {
      const n = normalise(text)
        .replace(/\b(bot|optout bot|optoutbot|there|again|so much|a lot|all|everyone|folks|team)$/g, '')
        .trim();
      if (n === '' && /\?\s*$/.test(text.trim())) return 'help';
      return kinds.find((k) => sets[k].has(n));
    },
    /**
     * The question with a leading greeting or trailing thanks removed ("hi, are DMs used? thanks"). The rest
     * keeps its punctuation: the matcher splits clauses on it.
     */
    strip(text: string): string {
      const raw = text.slice(0, MAX_INPUT_CHARS).trim();
      const front = edges.mayStart(raw) ? raw.replace(startOf(), '$1') : raw;
      if (!edges.mayEnd(front)) return front;
      const cut = edges.endWindow(front);
      return front.slice(0, cut) + front.slice(cut).replace(endOf(), '');
    },
  };
}
