// The sentences a user reads, as the shipped catalogs (knowledge/i18n/<lang>/ui.yaml) say them, for tests
// that check a notice word for word: the expectation comes from the catalog, not from a copy of it.
import type { Bot } from '../../src/core/bot-types.js';
import { multilingualBot } from './languages.js';

let bot: Bot | undefined;

/** The catalog's sentence for `key` in the language of `locale` (English without one). */
export function ui(key: string, locale?: string): string {
  bot ??= multilingualBot();
  return bot.say(key, locale ? { locale } : {});
}
