// The languages the bot answers in besides English. Each has knowledge/i18n/<code>/ (see its README);
// A platform's locale tag maps to a language by its first part (`pt-BR`, `fr-FR`, `de`).

export interface LanguageInfo {
  code: string;
  /** The language's own name, as the "I answer in …" line lists it. */
  name: string;
}

export const ENGLISH: LanguageInfo = { code: 'en', name: 'English' };

export const LANGUAGES: readonly LanguageInfo[] = [
  ENGLISH,
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'it', name: 'Italiano' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'pl', name: 'Polski' },
  { code: 'pt', name: 'Português' },
];

export type LanguageCode = string;

/**
 * The language a platform locale tag names, or undefined when the bot does not speak it: `de`, `de-AT`,
 * `pt-BR`, `fr_FR` (as POSIX LANG writes it, `fr_FR.UTF-8`) all map by their first part.
 */
export function languageOfLocale(locale: string | undefined | null): LanguageCode | undefined {
  if (!locale) return undefined;
  const first =
    locale
      .trim()
      .toLowerCase()
      .split(/[-_.@]/)[0] ?? '';
  return LANGUAGES.some((l) => l.code === first) ? first : undefined;
}
