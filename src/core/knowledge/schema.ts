// The shape of the curated files in knowledge/. Validated at load so a curator's mistake names the file,
// the entry and the field instead of surfacing later as a wrong answer.
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-11-03');
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const text = z.string().trim().min(1, 'must not be empty');
/** A rule worded once, shown both when the field is missing and when it breaks the rule. */
const rule = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? message : undefined),
});
const PHRASINGS_RULE = 'needs at least 3 phrasings';
const SOURCES_RULE = 'every entry names at least one source';

/** knowledge/facts.yaml: values that recur across answers live here once. */
export const factsSchema = z.strictObject({
  /** Named dates, referenced as {{date.NAME}}; `start` is when LinkedIn starts using the data. */
  dates: z.record(id, isoDate).refine((d) => 'start' in d, 'must define `start`'),
  /** Named strings, referenced as {{fact.NAME}}. */
  values: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), text),
  /** Named links, referenced from an entry's `links` list. */
  links: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), z.strictObject({ label: text, url: text })),
});

/** knowledge/sources.yaml: every source an entry may cite. */
export const sourcesSchema = z.record(
  id,
  z.strictObject({
    title: text,
    url: httpsUrl.optional(),
    /** When someone last checked what the source says. */
    checked: isoDate,
  }),
);

/** knowledge/synonyms.yaml: canonical phrase -> aliases people type instead. */
export const synonymsSchema = z.record(text, z.array(text).min(1));

/** knowledge/scope.yaml: what ties a question to this policy (the evidence rule, see the file). */
export const scopeSchema = z.strictObject({
  policy: z.array(text).min(1),
  ai: z.array(text).min(1),
  data: z.array(text).min(1),
});

/** knowledge/smalltalk.yaml: greetings, thanks and help get short, fixed answers. */
export const smalltalkSchema = z.strictObject({
  greeting: z.strictObject({ phrases: z.array(text).min(1), answer: text }),
  thanks: z.strictObject({ phrases: z.array(text).min(1), answer: text }),
  help: z.strictObject({ phrases: z.array(text).min(1), answer: text }),
  /** Shown when nothing matched: what the bot can answer. */
  fallback: z.strictObject({ answer: text }),
  /** Shown above "did you mean" choices. */
  suggest: z.strictObject({ answer: text }),
});

/** knowledge/entries/<id>.yaml: one question people ask, and its answer. */
export const entrySchema = z.strictObject({
  id,
  /** `answer` entries are answered; `decline` entries recognise off-topic questions and say what to do instead. */
  kind: z.enum(['answer', 'decline']).default('answer'),
  /** Groups entries in the evaluation report and the help text. */
  topic: id,
  title: text,
  /** The canonical question, shown in suggestions and follow-ups. */
  question: text,
  /** Ways people actually ask it: casual, terse, typos, long. */
  phrasings: z.array(text, rule(PHRASINGS_RULE)).min(3, PHRASINGS_RULE),
  /** First sentence answers. May use {{fact.X}} and {{date.X}}. */
  answer: text,
  /**
   * For time-aware entries: replaces `answer` depending on the clock. `before` may use {{countdown}}
   * ("in 7 days"), `after` may use {{since}} ("26 days ago").
   */
  timeAware: z.strictObject({ date: id, before: text, after: text }).optional(),
  steps: z.array(text).default([]),
  /** Names of links in facts.yaml. */
  links: z.array(z.string()).default([]),
  /** Ids of related entries to offer next. */
  followUps: z.array(id).default([]),
  /** Ids from sources.yaml. */
  sources: z.array(id, rule(SOURCES_RULE)).min(1, SOURCES_RULE),
});

export type FactsFile = z.infer<typeof factsSchema>;
export type SourcesFile = z.infer<typeof sourcesSchema>;
export type SynonymsFile = z.infer<typeof synonymsSchema>;
export type SmalltalkFile = z.infer<typeof smalltalkSchema>;
export type ScopeFile = z.infer<typeof scopeSchema>;
export type EntryFile = z.infer<typeof entrySchema>;
