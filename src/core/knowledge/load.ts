// Loads knowledge/: parses YAML, validates with zod, checks cross-references and resolves shared facts.
// Every problem is collected and reported together, each naming the file, the entry, the line and the field.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CodedError } from '../errors.js';
import { normalise } from '../match/normalise.js';
import type { ReplyLink } from '../reply.js';
import { defaultKnowledgeDir } from './dir.js';
import { readEntry } from './entries.js';
import type { KnowledgeLayout, SourceLayout } from './layout.js';
import { factsSchema, scopeSchema, smalltalkSchema, sourcesSchema, synonymsSchema } from './schema.js';
import { resolveFacts } from './template.js';
import { uiFileSchema } from './translations/schema.js';
import type { Entry, Knowledge } from './types.js';
import { validate } from './validate.js';
import { parseYamlFile } from './yaml.js';

export class KnowledgeError extends CodedError {
  constructor(readonly problems: string[]) {
    super('knowledge_invalid', `Invalid knowledge base:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export { defaultKnowledgeDir };

export interface KnowledgeRead {
  /** Undefined exactly when there are problems. */
  knowledge: Knowledge | undefined;
  problems: string[];
  layout: KnowledgeLayout;
}

/** Reads and checks the whole folder without throwing: kb:check reports on a broken one too. */
export function readKnowledge(dir: string = defaultKnowledgeDir()): KnowledgeRead {
  const problems: string[] = [];
  const label = (file: string) => relative(process.cwd(), join(dir, file)) || file;
  const read = (file: string) => parseYamlFile(join(dir, file), label(file), problems);

  const factsParsed = read('facts.yaml');
  const facts = factsParsed && validate(factsSchema, factsParsed, label('facts.yaml'), problems);
  const sourcesParsed = read('sources.yaml');
  const sources = sourcesParsed && validate(sourcesSchema, sourcesParsed, label('sources.yaml'), problems);
  const synonymsParsed = read('synonyms.yaml');
  const synonymsFile =
    synonymsParsed && validate(synonymsSchema, synonymsParsed, label('synonyms.yaml'), problems);
  const smalltalkParsed = read('smalltalk.yaml');
  const smalltalk =
    smalltalkParsed && validate(smalltalkSchema, smalltalkParsed, label('smalltalk.yaml'), problems);

  let entryFiles: string[] = [];
  try {
    entryFiles = readdirSync(join(dir, 'entries'))
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch {
    problems.push(`${label('entries')}: cannot read the entries folder`);
  }
  if (entryFiles.length === 0 && problems.length === 0) problems.push(`${label('entries')}: no entries`);

  const values = facts?.values ?? {};
  const dates: Record<string, Date> = {};
  // A date facts.yaml reports as invalid still counts as named, so entries using it are not reported too.
  const dateNames: Record<string, unknown> = {};
  for (const [name, iso] of Object.entries(facts?.dates ?? {})) {
    const date = new Date(`${iso}T00:00:00Z`);
    dateNames[name] = iso;
    if (Number.isNaN(date.getTime())) {
      const line = factsParsed?.lineOf(['dates', name]);
      problems.push(
        `${label('facts.yaml')}${line ? ` line ${line}` : ''} field "dates.${name}": not a real date`,
      );
    } else dates[name] = date;
  }

  const links = new Map<string, ReplyLink>();
  for (const [name, link] of Object.entries(facts?.links ?? {})) {
    const url = resolveFacts(link.url, values);
    for (const m of url.missing)
      problems.push(`${label('facts.yaml')} field "links.${name}.url": unknown ${m}`);
    if (!url.text.startsWith('https://')) {
      problems.push(`${label('facts.yaml')} field "links.${name}.url": must be an https:// URL`);
    }
    links.set(name, { label: resolveFacts(link.label, values).text, url: url.text });
  }

  const ctx = {
    dir,
    label,
    problems,
    values,
    dateNames,
    links,
    sources: sources ?? {},
    factsLoaded: facts !== undefined,
    sourcesLoaded: sources !== undefined,
  };
  const entries: Entry[] = [];
  const fieldOf = new Map<Entry, (field: string) => string>();
  const layout: KnowledgeLayout = { entries: [], sourcesFile: label('sources.yaml'), sources: [] };
  const broken = new Set<string>();
  for (const file of entryFiles) {
    const r = readEntry(ctx, file);
    if (r.ok) {
      entries.push(r.entry);
      layout.entries.push(r.layout);
      fieldOf.set(r.entry, r.at);
    } else broken.add(r.id);
  }
  layout.sources = Object.entries(sources ?? {}).map(
    ([id, s]): SourceLayout => ({ id, checked: s.checked, line: sourcesParsed?.lineOf([id]) }),
  );

  const byId = new Map<string, Entry>();
  for (const entry of entries) {
    const twin = byId.get(entry.id);
    const at = fieldOf.get(entry) ?? ((field: string) => `${entry.file} field "${field}"`);
    if (twin) problems.push(`${at('id')}: "${entry.id}" is also used by ${twin.file}`);
    byId.set(entry.id, entry);
  }
  for (const entry of entries) {
    const at = fieldOf.get(entry) ?? ((field: string) => `${entry.file} field "${field}"`);
    entry.followUps.forEach((id, i) => {
      // A follow-up to an entry whose own file is broken is reported there, not here as well.
      if (!byId.has(id) && !broken.has(id)) problems.push(`${at(`followUps.${i}`)}: unknown entry "${id}"`);
    });
  }

  const synonyms = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(synonymsFile ?? {})) {
    for (const alias of aliases) {
      const key = normalise(alias);
      const prior = synonyms.get(key);
      if (prior !== undefined && prior !== normalise(canonical)) {
        problems.push(
          `${label('synonyms.yaml')} field "${canonical}": alias "${alias}" is also an alias of "${prior}"`,
        );
      }
      if (key) synonyms.set(key, normalise(canonical));
    }
  }

  const scopeParsed = read('scope.yaml');
  const scopeFile = scopeParsed && validate(scopeSchema, scopeParsed, label('scope.yaml'), problems);

  // The English sentences around answers; a knowledge folder of its own (KNOWLEDGE_DIR, a test's fixture)
  // that has none uses the shipped ones.
  const uiFile = existsSync(join(dir, 'i18n', 'en', 'ui.yaml'))
    ? join(dir, 'i18n', 'en', 'ui.yaml')
    : join(defaultKnowledgeDir(), 'i18n', 'en', 'ui.yaml');
  const uiLabel = relative(process.cwd(), uiFile) || uiFile;
  const uiParsed = parseYamlFile(uiFile, uiLabel, problems);
  const ui = uiParsed && validate(uiFileSchema, uiParsed, uiLabel, problems);

  if (problems.length > 0 || !smalltalk || !facts || !scopeFile || !ui)
    return { knowledge: undefined, problems, layout };
  const scope = {
    policy: scopeFile.policy.map(normalise),
    ai: scopeFile.ai.map(normalise),
    data: scopeFile.data.map(normalise),
  };
  const smalltalkResolved = {
    ...smalltalk,
    greeting: { ...smalltalk.greeting, answer: resolveFacts(smalltalk.greeting.answer, values).text },
    thanks: { ...smalltalk.thanks, answer: resolveFacts(smalltalk.thanks.answer, values).text },
    help: { ...smalltalk.help, answer: resolveFacts(smalltalk.help.answer, values).text },
    fallback: { answer: resolveFacts(smalltalk.fallback.answer, values).text },
    suggest: { answer: resolveFacts(smalltalk.suggest.answer, values).text },
  };
  const knowledge: Knowledge = {
    dir,
    entries,
    byId,
    dates,
    synonyms,
    smalltalk: smalltalkResolved,
    scope,
    values,
    links: Object.fromEntries(links),
    ui,
  };
  return { knowledge, problems, layout };
}

export function loadKnowledge(dir: string = defaultKnowledgeDir()): Knowledge {
  const { knowledge, problems } = readKnowledge(dir);
  if (!knowledge) throw new KnowledgeError(problems);
  return knowledge;
}
