// The real bot speaking all eight languages, as `npm start` builds it (app/languages.ts): every translation
// in knowledge/i18n/ loaded, and one that does not load fails the test instead of answering in English.

import type { Bot } from '../../src/core/bot-types.js';
import {
  type Clock,
  createBot,
  createLanguages,
  type Knowledge,
  type Languages,
  loadKnowledge,
  ManualClock,
} from '../../src/core/index.js';

let knowledge: Knowledge | undefined;
let languages: Languages | undefined;

/** The knowledge base's translations, loaded once per test file. */
export function allLanguages(): { knowledge: Knowledge; languages: Languages } {
  knowledge ??= loadKnowledge();
  languages ??= createLanguages(knowledge, {
    onProblems: (code, problems) => {
      throw new Error(`the ${code} translation does not load: ${problems.join('; ')}`);
    },
  });
  return { knowledge, languages };
}

/** The real multilingual bot; the clock is fixed so time-aware answers are the same on every run. */
export function multilingualBot(clock: Clock = new ManualClock('2025-10-20T12:00:00Z')): Bot {
  return createBot({ ...allLanguages(), clock });
}
