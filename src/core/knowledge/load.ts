// Loads knowledge/: parses YAML, validates with zod, checks cross-references and resolves shared facts.
// Every problem is collected and reported together, each naming the file, the entry and the field.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isMap, isNode, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CodedError } from '../errors.js';
import { normalise } from '../match/normalise.js';
import type { ReplyLink, ReplySource } from '../reply.js';
import { defaultKnowledgeDir } from './dir.js';
import {
  entrySchema,
  factsSchema,
  scopeSchema,
  smalltalkSchema,
  sourcesSchema,
  synonymsSchema,
} from './schema.js';
import { resolveFacts, unknownPlaceholders } from './template.js';
import type { Entry, Knowledge } from './types.js';

export class KnowledgeError extends CodedError {
  constructor(readonly problems: string[]) {
    super('knowledge_invalid', `Invalid knowledge base:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export { defaultKnowledgeDir };

interface Parsed {
  value: unknown;
  /** Line number of a path inside the document, when it can be found. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

function parseYamlFile(file: string, label: string, problems: string[]): Parsed | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${label}: cannot read (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
    logLevel: 'error',
  });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line;
      problems.push(`${label}${line ? ` line ${line}` : ''}: YAML syntax error: ${e.message.split('\n')[0]}`);
    }
    return undefined;
  }
  return {
    value: doc.toJS(),
    lineOf(path) {
      let node: unknown = doc.contents;
      for (const key of path) {
        if (isMap(node)) node = node.get(key, true);
        else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
        else break;
      }
      return isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
    },
  };
}

function validate<T extends z.ZodType>(
  schema: T,
  parsed: Parsed,
  label: string,
  problems: string[],
): z.infer<T> | undefined {
  const result = schema.safeParse(parsed.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const line = parsed.lineOf(issue.path);
    const field = issue.path.length > 0 ? ` field "${issue.path.join('.')}"` : '';
    // YAML reads an unquoted value starting with {{ as a mapping: the commonest curator slip.
    const hint =
      issue.code === 'invalid_type' && /received object/.test(issue.message)
        ? ' (quote values that start with {{)'
        : '';
    problems.push(`${label}${line ? ` line ${line}` : ''}${field}: ${issue.message}${hint}`);
  }
  return undefined;
}

export function loadKnowledge(dir: string = defaultKnowledgeDir()): Knowledge {
  const problems: string[] = [];
  const label = (file: string) => relative(process.cwd(), join(dir, file)) || file;
  const read = <T extends z.ZodType>(file: string, schema: T) => {
    const parsed = parseYamlFile(join(dir, file), label(file), problems);
    return parsed ? validate(schema, parsed, label(file), problems) : undefined;
  };

  const facts = read('facts.yaml', factsSchema);
  const sources = read('sources.yaml', sourcesSchema);
  const synonymsFile = read('synonyms.yaml', synonymsSchema);
  const smalltalk = read('smalltalk.yaml', smalltalkSchema);

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
  for (const [name, iso] of Object.entries(facts?.dates ?? {})) {
    const date = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(date.getTime()))
      problems.push(`${label('facts.yaml')} field "dates.${name}": not a real date`);
    else dates[name] = date;
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

  const entries: Entry[] = [];
  for (const file of entryFiles) {
    const parsed = parseYamlFile(join(dir, 'entries', file), label(join('entries', file)), problems);
    if (!parsed) continue;
    // Name the entry in messages even when the rest of it is invalid.
    const rawId = z.object({ id: z.string() }).safeParse(parsed.value).data?.id;
    const where = `${label(join('entries', file))}${rawId ? ` (entry "${rawId}")` : ''}`;
    const e = validate(entrySchema, parsed, where, problems);
    if (!e) continue;
    const at = (field: string) => `${where} field "${field}"`;
    if (basename(file).replace(/\.ya?ml$/, '') !== e.id)
      problems.push(`${at('id')}: must match the file name`);

    const resolve = (field: string, text: string, allowed: string[] = []) => {
      const r = resolveFacts(text, values);
      for (const m of r.missing) problems.push(`${at(field)}: unknown ${m}`);
      for (const p of unknownPlaceholders(r.text, dates, allowed)) {
        if (!r.missing.includes(p)) problems.push(`${at(field)}: unknown placeholder {{${p}}}`);
      }
      return r.text;
    };
    const timeAware = e.timeAware && {
      date: e.timeAware.date,
      before: resolve('timeAware.before', e.timeAware.before, ['countdown']),
      after: resolve('timeAware.after', e.timeAware.after, ['since']),
    };
    if (timeAware && !(timeAware.date in dates)) problems.push(`${at('timeAware.date')}: unknown date`);

    const entrySources: ReplySource[] = [];
    e.sources.forEach((id, i) => {
      const s = sources?.[id];
      if (!s) problems.push(`${at(`sources.${i}`)}: unknown source "${id}" (not in sources.yaml)`);
      else entrySources.push({ id, title: s.title, checked: s.checked, ...(s.url ? { url: s.url } : {}) });
    });
    const entryLinks: ReplyLink[] = [];
    e.links.forEach((name, i) => {
      const link = links.get(name);
      if (!link) problems.push(`${at(`links.${i}`)}: unknown link "${name}" (not in facts.yaml links)`);
      else entryLinks.push(link);
    });

    entries.push({
      id: e.id,
      kind: e.kind,
      topic: e.topic,
      title: resolve('title', e.title),
      question: resolve('question', e.question),
      phrasings: e.phrasings,
      answer: resolve('answer', e.answer),
      timeAware,
      steps: e.steps.map((s, i) => resolve(`steps.${i}`, s)),
      links: entryLinks,
      followUps: e.followUps,
      sources: entrySources,
      file: label(join('entries', file)),
    });
  }

  const byId = new Map<string, Entry>();
  for (const entry of entries) {
    const twin = byId.get(entry.id);
    if (twin) problems.push(`${entry.file} field "id": "${entry.id}" is also used by ${twin.file}`);
    byId.set(entry.id, entry);
  }
  for (const entry of entries) {
    entry.followUps.forEach((id, i) => {
      if (!byId.has(id)) problems.push(`${entry.file} field "followUps.${i}": unknown entry "${id}"`);
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

  const scopeParsed = parseYamlFile(join(dir, 'scope.yaml'), label('scope.yaml'), problems);
  const scopeFile = scopeParsed && validate(scopeSchema, scopeParsed, label('scope.yaml'), problems);

  if (problems.length > 0 || !smalltalk || !facts || !scopeFile) throw new KnowledgeError(problems);
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
  return { dir, entries, byId, dates, synonyms, smalltalk: smalltalkResolved, scope };
}
