// Reads knowledge/i18n/<lang>/ into a Knowledge in that language: the English entries' ids, kinds, topics,
// dates, links (labels translated), sources and follow-ups, with the language's texts, phrasings,
// synonyms, evidence rule, small talk and sentences. The matcher and composer take it as they take the
// English one. Problems are collected by file, line and field, never thrown: kb:check reports them, and the
// bot answers in English when a language cannot be read.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LanguageData } from '../../match/language.js';
import { normaliseWith } from '../../match/normalise.js';
import type { ReplyLink } from '../../reply.js';
import { resolveFacts, unknownPlaceholders } from '../template.js';
import type { Entry, Knowledge } from '../types.js';
import { validate } from '../validate.js';
import { type Parsed, parseYamlFile } from '../yaml.js';
import {
  type LanguageFile,
  languageFileSchema,
  smalltalkSchema,
  type TranslationFile,
  translationSchema,
  uiFileSchema,
} from './schema.js';

export interface TranslationRead {
  /** Undefined exactly when there are problems. */
  knowledge: Knowledge | undefined;
  problems: string[];
  /** The language's own name (language.yaml), or the code when it could not be read. */
  name: string;
  /** Each translated entry file as read (kb:check compares them with the English files). */
  files: Array<{ id: string; label: string; file: TranslationFile; parsed: Parsed }>;
}

/** Years written out in a text ("2024"): a translation may only name those its English text names. */
const YEAR = /(?<!\d)(?:19|20)\d\d(?!\d)/g;
const URL = /https?:\/\/|www\./i;
const plain = (s: string) => normaliseWith(s, { contractions: false });

export function readTranslation(english: Knowledge, code: string): TranslationRead {
  const base = join(english.dir, 'i18n', code);
  const problems: string[] = [];
  const label = (file: string) => relative(process.cwd(), join(base, file)) || file;
  const read = (file: string) => parseYamlFile(join(base, file), label(file), problems);
  const files: TranslationRead['files'] = [];
  if (!existsSync(base)) {
    problems.push(`${label('')}: no such folder (run npm run kb:translate -- ${code})`);
    return { knowledge: undefined, problems, name: code, files };
  }

  const langParsed = read('language.yaml');
  const lang = langParsed && validate(languageFileSchema, langParsed, label('language.yaml'), problems);
  if (lang && lang.language !== code)
    problems.push(
      `${label('language.yaml')} field "language": is "${lang.language}", the folder is "${code}"`,
    );
  const talkParsed = read('smalltalk.yaml');
  const talk = talkParsed && validate(smalltalkSchema, talkParsed, label('smalltalk.yaml'), problems);
  const uiParsed = read('ui.yaml');
  const ui = uiParsed && validate(uiFileSchema, uiParsed, label('ui.yaml'), problems);

  const values = { ...english.values, ...(lang?.values ?? {}) };
  for (const name of Object.keys(lang?.values ?? {}))
    if (!(name in english.values))
      problems.push(`${label('language.yaml')} field "values.${name}": facts.yaml has no value "${name}"`);
  const links: Record<string, ReplyLink> = {};
  for (const [name, link] of Object.entries(english.links)) {
    const own = lang?.links[name];
    links[name] = { label: own ? resolveFacts(own, values).text : link.label, url: link.url };
  }
  for (const name of Object.keys(lang?.links ?? {}))
    if (!(name in english.links))
      problems.push(`${label('language.yaml')} field "links.${name}": facts.yaml has no link "${name}"`);
  const nameOfUrl = new Map(Object.entries(english.links).map(([name, l]) => [l.url, name]));

  const entries: Entry[] = [];
  for (const en of english.entries) {
    const file = join('entries', `${en.id}.yaml`);
    if (!existsSync(join(base, file))) {
      problems.push(
        `${label(file)}: missing: entry "${en.id}" has no translation (npm run kb:translate -- ${code})`,
      );
      continue;
    }
    const parsed = read(file);
    const t = parsed && validate(translationSchema, parsed, `${label(file)} (entry "${en.id}")`, problems);
    if (!parsed || !t) continue;
    files.push({ id: en.id, label: label(file), file: t, parsed });
    const at = (field: string) => {
      const line = parsed.lineOf(field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
      return `${label(file)} (entry "${en.id}")${line ? ` line ${line}` : ''} field "${field}"`;
    };
    if (t.id !== en.id) problems.push(`${at('id')}: is "${t.id}", the file is for "${en.id}"`);
    /** Resolves facts and checks the text against the English text of the same field. */
    const resolve = (field: string, text: string, englishText: string, allowed: string[] = []) => {
      const r = resolveFacts(text, values);
      for (const m of r.missing) problems.push(`${at(field)}: unknown ${m}`);
      for (const p of unknownPlaceholders(r.text, english.dates, allowed))
        if (!r.missing.includes(p)) problems.push(`${at(field)}: unknown placeholder {{${p}}}`);
      if (URL.test(r.text.replace(/\{\{[^}]*\}\}/g, '')) && !URL.test(englishText))
        problems.push(`${at(field)}: a literal URL; links are the entry's buttons`);
      const years = new Set(englishText.match(YEAR) ?? []);
      for (const y of r.text.match(YEAR) ?? [])
        if (!years.has(y)) problems.push(`${at(field)}: a literal date (${y}); use {{date.X}}`);
      return r.text;
    };
    if (!!t.timeAware !== !!en.timeAware)
      problems.push(
        `${at('timeAware')}: ${en.timeAware ? 'missing: the English entry is time-aware' : 'the English entry is not time-aware'}`,
      );
    if (t.steps.length !== en.steps.length)
      problems.push(`${at('steps')}: has ${t.steps.length} steps, the English entry ${en.steps.length}`);
    const timeAware =
      en.timeAware && t.timeAware
        ? {
            date: en.timeAware.date,
            before: resolve('timeAware.before', t.timeAware.before, en.timeAware.before, ['countdown']),
            after: resolve('timeAware.after', t.timeAware.after, en.timeAware.after, ['since']),
          }
        : undefined;
    entries.push({
      ...en,
      title: resolve('title', t.title, en.title),
      question: resolve('question', t.question, en.question),
      phrasings: t.phrasings,
      answer: resolve('answer', t.answer, en.answer),
      ...(timeAware ? { timeAware } : {}),
      steps: t.steps.map((s, i) => resolve(`steps.${i}`, s, en.steps[i] ?? '')),
      links: en.links.map((l) => links[nameOfUrl.get(l.url) ?? ''] ?? l),
      file: label(file),
    });
  }

  const synonyms = lang ? synonymMap(lang, label('language.yaml'), problems) : new Map<string, string>();
  if (problems.length > 0 || !lang || !talk || !ui)
    return { knowledge: undefined, problems, name: lang?.name ?? code, files };
  const r = (s: string) => resolveFacts(s, values).text;
  const knowledge: Knowledge = {
    dir: base,
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    dates: english.dates,
    synonyms,
    smalltalk: {
      greeting: { phrases: talk.greeting.phrases, answer: r(talk.greeting.answer) },
      thanks: { phrases: talk.thanks.phrases, answer: r(talk.thanks.answer) },
      help: { phrases: talk.help.phrases, answer: r(talk.help.answer) },
      fallback: { answer: r(talk.fallback.answer) },
      suggest: { answer: r(talk.suggest.answer) },
    },
    scope: {
      policy: lang.scope.policy.map(plain),
      ai: lang.scope.ai.map(plain),
      data: lang.scope.data.map(plain),
    },
    language: languageData(lang),
    values,
    links,
    ui,
  };
  return { knowledge, problems, name: lang.name, files };
}

function languageData(lang: LanguageFile): LanguageData {
  return {
    code: lang.language,
    stopwords: lang.stopwords,
    suffixes: lang.suffixes,
    minStem: lang.minStem,
    keep: lang.keep,
    joiners: lang.joiners,
    openers: lang.openers,
  };
}

function synonymMap(lang: LanguageFile, file: string, problems: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(lang.synonyms)) {
    for (const alias of aliases) {
      const key = plain(alias);
      const prior = out.get(key);
      if (prior !== undefined && prior !== plain(canonical))
        problems.push(
          `${file} field "synonyms.${canonical}": alias "${alias}" is also an alias of "${prior}"`,
        );
      if (key && key !== plain(canonical)) out.set(key, plain(canonical));
    }
  }
  return out;
}
