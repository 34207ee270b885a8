// Which language a subscription's announcements are written in. The languages are the core's (LANGUAGES);
// this reads what a person types for one ("de", "deutsch", "German", "allemand", "pt-BR") and names them
// back. Names come from Intl.DisplayNames in each of the bot's languages, so any of them may name any
// other, and accents are optional ("portugues", "espanol"): nothing here is a word list to keep up.
import { LANGUAGES, languageOfLocale } from '../core/index.js';

/** What a subscription without a stated language gets, and what every older subscription became. */
export const DEFAULT_LANGUAGE = 'en';

/** The languages a subscription may have, English first. */
export const SUBSCRIPTION_LANGUAGES = LANGUAGES;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

let names: Map<string, string> | undefined;

/** Every name of every language, in every language, folded, to its code. Built on first use. */
function nameIndex(): Map<string, string> {
  if (names) return names;
  const index = new Map<string, string>();
  for (const display of LANGUAGES) {
    const of = new Intl.DisplayNames([display.code], { type: 'language', fallback: 'none' });
    for (const { code } of LANGUAGES) {
      const name = of.of(code);
      if (name) index.set(fold(name), code);
    }
  }
  for (const { code, name } of LANGUAGES) index.set(fold(name), code);
  names = index;
  return index;
}

/** A locale tag as platforms write it: `de`, `pt-BR`, `fr_FR`, `es-419`. */
const LOCALE_TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i;

/** The code of the language `word` names, or undefined when it names none the bot speaks. */
export function readLanguage(word: string): string | undefined {
  const typed = word.trim();
  if (LOCALE_TAG.test(typed)) {
    const code = languageOfLocale(typed);
    if (code) return code;
  }
  return nameIndex().get(fold(typed));
}

/** The language's own name and code, "Deutsch (de)"; the code alone for one the bot does not speak. */
export function languageLabel(code: string): string {
  const known = LANGUAGES.find((l) => l.code === code);
  return known ? `${known.name} (${known.code})` : code;
}

/** The language of a platform's locale hint (a server's or a user's), else the default. */
export function languageOfHint(locale: string | null | undefined): string {
  return languageOfLocale(locale) ?? DEFAULT_LANGUAGE;
}
