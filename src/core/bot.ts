// createBot: the core's one entry point for adapters. Pure over (knowledge, clock): no I/O beyond reading a
// translation's files on first use, no SDKs. Each question goes to the speaker of its language: the
// language the text is written in, else the platform's hint (the user's locale), else English; a question in
// a language the bot does not speak gets the English answer and a line saying which languages it speaks.
import type { AskOptions, Bot } from './bot-types.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { CoreErrorReporter } from './errors.js';
import { createDetector, type Detection, type LanguageWords } from './i18n/detect.js';
import { englishOnly, type Languages } from './i18n/languages.js';
import { detectorWords } from './i18n/words.js';
import { languageOfLocale } from './knowledge/translations/languages.js';
import type { Knowledge } from './knowledge/types.js';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './match/matcher.js';
import type { Reply } from './reply.js';
import { createSpeaker, type Speaker } from './speaker.js';

export interface BotOptions {
  knowledge: Knowledge;
  /** The languages besides English (createLanguages); without it the bot speaks English only. */
  languages?: Languages;
  clock?: Clock;
  match?: Partial<MatchOptions>;
  /**
   * Called, before the fallback reply is returned, with each error `ask` recovered from: any throw there
   * is a bug (the matcher and composer are pure), wrapped as `core_unexpected` unless it already has a
   * code. The app passes its logger in here. It must not throw: a throwing reporter propagates out of ask.
   */
  onError?: CoreErrorReporter;
}

export function createBot({ knowledge, languages, clock = systemClock, match, onError }: BotOptions): Bot {
  const langs = languages ?? englishOnly(knowledge);
  const english = knowledge.ui;
  const speakers = new Map<string, Speaker>();
  const pairs = (match?.pairWeight ?? DEFAULT_MATCH_OPTIONS.pairWeight) > 0;
  const speakerFor = (code: string): Speaker => {
    const hit = speakers.get(code);
    if (hit) return hit;
    const k = langs.get(code) ?? knowledge;
    // Kept texts only for the very knowledge they were made from (a bot may be given another English).
    const of = k === knowledge ? 'en' : code;
    const prepared = langs.get(of) === k ? langs.texts(of, pairs) : undefined;
    const s = createSpeaker({ knowledge: k, clock, match, onError, english, prepared });
    speakers.set(code, s);
    // A broken translation answers in English: remember English under its code too.
    if (k === knowledge && code !== 'en') speakers.set(code, speakerFor('en'));
    return speakers.get(code) ?? s;
  };
  // Each language's words come from Languages (stored beside its snapshot when running compiled), so the
  // detector's first use reads no translation; only the language a question is in is then read.
  const englishWords = langs.words('en') ?? detectorWords(knowledge);
  const others = langs.offered.filter((l) => l.code !== 'en');
  const detector = createDetector(englishWords, () =>
    others.flatMap((l): LanguageWords[] => {
      const words = langs.words(l.code);
      return words ? [{ code: l.code, words }] : [];
    }),
  );
  const spoken = langs.offered.map((l) => l.name);
  const hintOf = (opts?: AskOptions) => {
    const code = languageOfLocale(opts?.locale);
    return code && langs.offered.some((l) => l.code === code) ? code : undefined;
  };
  const chosen = (opts?: AskOptions) => speakerFor(opts?.language ?? hintOf(opts) ?? 'en');

  function detect(question: string, opts?: AskOptions): Detection {
    if (others.length === 0) return { code: 'en', by: 'default' };
    return detector.detect(question, hintOf(opts));
  }

  function ask(question: string, opts?: AskOptions): Reply {
    const found = opts?.language ? { code: opts.language, by: 'hint' as const } : detect(question, opts);
    if (found.code !== 'other') return speakerFor(found.code).ask(question);
    // A language the bot does not speak: the English answer, and which languages it does speak.
    const reply = speakerFor('en').ask(question);
    const line = speakerFor('en').say('languages.spoken', { languages: spoken.join(', ') });
    return { ...reply, text: `${reply.text}\n\n${line}` };
  }

  return {
    ask,
    answer: (id, opts) => chosen(opts).answer(id),
    optOut: (opts) => chosen(opts).answer('how-to-opt-out') ?? chosen(opts).fallback(),
    deadline: (opts) => chosen(opts).answer('deadline') ?? chosen(opts).fallback(),
    help: (opts) => chosen(opts).help(),
    suggest: (partial, limit, opts) => {
      // Autocomplete: what the user has typed so far decides the language when it can, else their locale.
      if (opts?.language) return speakerFor(opts.language).suggest(partial, limit);
      const code = partial.trim().split(/\s+/).length >= 2 ? detect(partial, opts).code : undefined;
      return speakerFor(code && code !== 'other' ? code : (hintOf(opts) ?? 'en')).suggest(partial, limit);
    },
    say: (key, opts, params) => chosen(opts).say(key, params),
    languageOf: (question, opts) => {
      const code = detect(question, opts).code;
      return code === 'other' ? 'en' : code;
    },
    languages: () => langs.offered.map((l) => ({ ...l })),
    dates: () => ({ ...knowledge.dates }),
  };
}
