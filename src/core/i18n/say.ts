// The sentences around answers (knowledge/i18n/<lang>/ui.yaml), looked up by key: `{name}` slots filled
// in, plural forms chosen by the language's own rules (Intl.PluralRules: Polish says 1 rok, 2 lata, 5 lat).
// A key a language lacks is said in English, and a key English lacks is the key itself, so a missing
// sentence shows up as something a tester notices rather than as an empty button.
import type { UiText } from '../knowledge/translations/schema.js';

export type UiCatalog = Readonly<Record<string, UiText>>;
export type SayParams = Readonly<Record<string, string | number>>;

const plurals = new Map<string, Intl.PluralRules>();
function pluralOf(locale: string, n: number): Intl.LDMLPluralRule {
  let rules = plurals.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    plurals.set(locale, rules);
  }
  return rules.select(n);
}

export function fill(template: string, params: SayParams): string {
  return template.replace(/\{([a-z][a-zA-Z0-9]*)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** The sentence `key` in `locale` from `own`, else from `english`. */
export function say(
  own: UiCatalog,
  english: UiCatalog,
  locale: string,
  key: string,
  params: SayParams = {},
): string {
  const text = own[key] ?? english[key];
  if (text === undefined) return key;
  if (typeof text === 'string') return fill(text, params);
  const n = typeof params.n === 'number' ? params.n : Number(params.n ?? 0);
  return fill(text[pluralOf(locale, n)] ?? text.other, params);
}

/** The `{name}` slots of a sentence (every plural form), for kb:check's comparison with English. */
export function slotsOf(text: UiText): string[] {
  const forms = typeof text === 'string' ? [text] : Object.values(text).filter((t) => t !== undefined);
  return [
    ...new Set(forms.flatMap((t) => [...t.matchAll(/\{([a-z][a-zA-Z0-9]*)\}/g)].map((m) => m[1] ?? ''))),
  ].sort();
}
