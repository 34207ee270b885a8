// One language's answering: the matcher, composer and small talk over a Knowledge in that language. Bot
// (bot.ts) routes each question to the speaker of its language.
import Fuse from 'fuse.js';
import type { Clock } from './clock.js';
import { createComposer } from './compose.js';
import { type CoreErrorReporter, toCodedError } from './errors.js';
import { type SayParams, say, type UiCatalog } from './i18n/say.js';
import { templateWords } from './knowledge/template.js';
import type { Knowledge } from './knowledge/types.js';
import { createMatcher, DEFAULT_MATCH_OPTIONS, type MatchOptions } from './match/matcher.js';
import type { PreparedTexts } from './match/texts.js';
import type { Reply, ReplyChoice } from './reply.js';
import { createSmalltalk } from './smalltalk.js';

/** Entries offered when nothing matched, and first in autocomplete before the user types. */
const POPULAR = ['how-to-opt-out', 'private-messages', 'data-used', 'too-late', 'past-data'];

export interface Speaker {
  ask(question: string): Reply;
  answer(id: string): Reply | undefined;
  help(): Reply;
  fallback(): Reply;
  suggest(partial: string, limit?: number): ReplyChoice[];
  say(key: string, params?: SayParams): string;
}

export interface SpeakerOptions {
  knowledge: Knowledge;
  clock: Clock;
  match?: Partial<MatchOptions> | undefined;
  onError?: CoreErrorReporter | undefined;
  /** English's sentences, for keys this language lacks. */
  english: UiCatalog;
  /** The knowledge's texts tokenised by an earlier run, if kept (i18n/texts-cache.ts). */
  prepared?: PreparedTexts | undefined;
}

export function createSpeaker({
  knowledge,
  clock,
  match,
  onError,
  english,
  prepared,
}: SpeakerOptions): Speaker {
  const matcher = createMatcher(knowledge, match, prepared);
  const compose = createComposer(knowledge, clock, english);
  const locale = knowledge.language?.code ?? 'en';
  const sayKey = (key: string, params?: SayParams) => say(knowledge.ui, english, locale, key, params);
  const smalltalk = createSmalltalk(knowledge.smalltalk, matcher.normalise);
  const answerable = knowledge.entries.filter((e) => e.kind === 'answer');
  const popular = POPULAR.filter((id) => knowledge.byId.has(id));
  const talk = knowledge.smalltalk;

  // Autocomplete: the matcher ranks what the user typed so far; fuse.js over the (few) canonical questions
  // and titles catches half-typed words ("deadl") the matcher cannot know yet. Both stay fast enough for
  // a chat platform's autocomplete, which cannot be deferred.
  const rows = answerable.flatMap((e) =>
    [e.question, e.title].map((text) => ({ id: e.id, text: templateWords(text) })),
  );
  const autocomplete = new Fuse(rows, { keys: ['text'], threshold: 0.4, ignoreLocation: true });

  const fallback = (): Reply =>
    compose.simple({
      status: 'fallback',
      title: sayKey('title.fallback'),
      text: talk.fallback.answer,
      followUps: popular,
    });

  const help = (): Reply =>
    compose.simple({
      status: 'answered',
      id: 'help',
      title: sayKey('title.help'),
      text: talk.help.answer,
      followUps: popular,
    });

  function ask(question: string): Reply {
    try {
      const kind = smalltalk.classify(question);
      if (kind === 'help') return help();
      if (kind === 'greeting' || kind === 'thanks') {
        return compose.simple({
          status: 'answered',
          id: kind,
          title: sayKey(kind === 'greeting' ? 'title.greeting' : 'title.thanks'),
          text: talk[kind].answer,
          followUps: popular,
        });
      }
      const result = matcher.match(smalltalk.strip(question));
      switch (result.status) {
        case 'answered':
          return compose.entry(result.entry, 'answered', result.confidence, {
            related: result.related,
            also: result.also,
          });
        case 'suggested':
          return {
            ...compose.simple({
              status: 'suggested',
              title: sayKey('title.suggest'),
              text: talk.suggest.answer,
              followUps: result.candidates.map((e) => e.id),
            }),
            confidence: result.confidence,
          };
        case 'fallback':
          return result.decline ? compose.entry(result.decline, 'fallback', result.confidence) : fallback();
      }
    } catch (error) {
      // Nothing a user types may crash an adapter, so the user gets the fallback; but a throw here is a
      // bug, so it is reported first rather than hidden behind a plausible "I don't know that one".
      onError?.(toCodedError(error, 'answering a question failed; replied with the fallback'));
      return fallback();
    }
  }

  function answer(id: string): Reply | undefined {
    const entry = knowledge.byId.get(id);
    return entry ? compose.entry(entry, entry.kind === 'decline' ? 'fallback' : 'answered', 1) : undefined;
  }

  function suggest(partial: string, limit = 25): ReplyChoice[] {
    const ids: string[] = [];
    const text = matcher.normalise(partial);
    if (text.length > 0) {
      const ranked = matcher.rank(partial.slice(0, 200)).filter((r) => r.entry.kind === 'answer');
      const add = (id: string) => {
        if (!ids.includes(id)) ids.push(id);
      };
      for (const r of ranked) if (r.score >= DEFAULT_MATCH_OPTIONS.suggestFloor) add(r.entry.id);
      for (const hit of autocomplete.search(text.slice(0, 100), { limit })) add(hit.item.id);
      for (const r of ranked) add(r.entry.id);
    } else {
      ids.push(...popular, ...answerable.map((e) => e.id).filter((id) => !popular.includes(id)));
    }
    return ids.slice(0, limit).flatMap((id) => {
      const e = knowledge.byId.get(id);
      return e ? [compose.choice(e)] : [];
    });
  }

  return { ask, answer, help, fallback, suggest, say: sayKey };
}
