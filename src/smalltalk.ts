// Greetings, thanks and "help" are recognised by whole-message phrase lists, not the fuzzy matcher: a
// "hi" must never be answered with a policy entry. A greeting in front of a real question is stripped.
import { normalise } from './match/normalise.js';

export type SmalltalkKind = 'greeting' | 'thanks' | 'help';

export interface SmalltalkLists {
  greeting: { phrases: readonly string[] };
  thanks: { phrases: readonly string[] };
  help: { phrases: readonly string[] };
}

export function createSmalltalk(lists: SmalltalkLists) {
  const sets = {
    greeting: new Set(lists.greeting.phrases.map(normalise)),
    thanks: new Set(lists.thanks.phrases.map(normalise)),
    help: new Set(lists.help.phrases.map(normalise)),
  };
  const kinds: SmalltalkKind[] = ['help', 'thanks', 'greeting'];
  const leading = [...sets.greeting, ...sets.thanks].filter(Boolean).sort((a, b) => b.length - a.length);

  return {
    /** The kind when the whole message is small talk (trailing "bot"/"there" etc. tolerated). */
    classify(text: string): SmalltalkKind | undefined {
      const n = normalise(text)
        .replace(/\b(bot|optout bot|optoutbot|there|again|so much|a lot|all|everyone|folks|team)$/g, '')
        .trim();
      if (n === '' && /\?\s*$/.test(text.trim())) return 'help';
      return kinds.find((k) => sets[k].has(n));
    },
    /** The question with a leading greeting or trailing thanks removed ("hi, are DMs used? thanks"). */
    strip(text: string): string {
      let n = normalise(text);
      for (const p of leading) {
        if (n.startsWith(`${p} `)) n = n.slice(p.length + 1);
        if (n.endsWith(` ${p}`)) n = n.slice(0, -p.length - 1);
      }
      return n;
    },
  };
}
