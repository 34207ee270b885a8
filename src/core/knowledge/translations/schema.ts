// The shape of knowledge/i18n/<lang>/: validated at load so a translator's mistake names the file, the
// line and the field. Ids, facts, dates, links, sources and follow-ups are not here: they are the English
// entry's, defined once.
import { z } from 'zod';
import { scopeSchema, smalltalkSchema, synonymsSchema } from '../schema.js';

const text = z.string().trim().min(1, 'must not be empty');
const word = z.string().trim().min(1, 'must not be empty');

/** knowledge/i18n/<lang>/entries/<id>.yaml: one entry's texts in the language and its own phrasings. */
export const translationSchema = z.strictObject({
  id: z.string(),
  /** The hash of the English texts this was translated from (kb:translate writes it). */
  from: z.string().regex(/^[0-9a-f]{12}$/, 'must be the 12-character hash kb:translate wrote'),
  title: text,
  question: text,
  answer: text,
  timeAware: z.strictObject({ before: text, after: text }).optional(),
  steps: z.array(text).default([]),
  phrasings: z.array(text).min(3, 'needs at least 3 phrasings'),
});

/** The matching rules of a language (also stored in snapshots). */
export const languageDataSchema = z.strictObject({
  code: z.string().regex(/^[a-z]{2}$/),
  stopwords: z.array(word),
  suffixes: z.array(word),
  minStem: z.number().int().min(2).max(8),
  keep: z.array(word),
  joiners: z.array(word),
  openers: z.array(word),
});

/** knowledge/i18n/<lang>/language.yaml. */
export const languageFileSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2}$/, 'must be the two-letter language code'),
  name: text,
  stopwords: z.array(word).min(20, 'needs the language’s function words (at least 20)'),
  suffixes: z.array(word).default([]),
  minStem: z.number().int().min(2).max(8).default(4),
  keep: z.array(word).default([]),
  joiners: z.array(word).default([]),
  openers: z.array(word).default([]),
  synonyms: synonymsSchema.default({}),
  scope: scopeSchema,
  /** Prose facts in this language ({{fact.newRegions}}); names of LinkedIn's menus stay English. */
  values: z.record(z.string(), text).default({}),
  /** Labels of facts.yaml's links in this language. */
  links: z.record(z.string(), text).default({}),
});

/** A sentence of ui.yaml: one text, or one per plural category (Intl.PluralRules) for `{n}`. */
export const uiTextSchema = z.union([
  text,
  z.strictObject({
    zero: text.optional(),
    one: text.optional(),
    two: text.optional(),
    few: text.optional(),
    many: text.optional(),
    other: text,
  }),
]);
export const uiFileSchema = z.record(z.string(), uiTextSchema);

export { smalltalkSchema };
export type TranslationFile = z.infer<typeof translationSchema>;
export type LanguageFile = z.infer<typeof languageFileSchema>;
export type UiText = z.infer<typeof uiTextSchema>;
