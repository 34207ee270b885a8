// One entry file: validated, its facts resolved, its sources and links looked up, its layout noted.
// References into a file that is itself broken are not reported: that file's own problems say what to fix,
// and a wall of "unknown fact" lines in every entry would hide them.
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ReplyLink, ReplySource } from '../reply.js';
import type { EntryLayout, TextPlace } from './layout.js';
import { entrySchema, type SourcesFile } from './schema.js';
import { resolveFacts, unknownPlaceholders } from './template.js';
import type { Entry } from './types.js';
import { validate } from './validate.js';
import { type Parsed, parseYamlFile } from './yaml.js';

export interface EntryContext {
  dir: string;
  label(file: string): string;
  problems: string[];
  values: Record<string, string>;
  /** Dates a placeholder may name: the valid ones and those facts.yaml already reports as invalid. */
  dateNames: Record<string, unknown>;
  links: ReadonlyMap<string, ReplyLink>;
  sources: SourcesFile;
  /** Whether facts.yaml and sources.yaml loaded; if not, references into them are not checked. */
  factsLoaded: boolean;
  sourcesLoaded: boolean;
}

export type EntryRead =
  | {
      ok: true;
      entry: Entry;
      layout: EntryLayout;
      /** `file (entry "id") line N field "F"`, for the checks made once every entry is read. */
      at(field: string): string;
    }
  /** `id` is the file's name: follow-ups to it are not reported while it is broken. */
  | { ok: false; id: string };

function placeOf(parsed: Parsed, path: PropertyKey[], text: string): TextPlace {
  const span = parsed.span(path);
  return { text, line: span?.line, end: span?.end };
}

export function readEntry(ctx: EntryContext, file: string): EntryRead {
  const fileId = basename(file).replace(/\.ya?ml$/, '');
  const label = ctx.label(join('entries', file));
  const parsed = parseYamlFile(join(ctx.dir, 'entries', file), label, ctx.problems);
  if (!parsed) return { ok: false, id: fileId };
  // Name the entry in messages even when the rest of it is invalid.
  const rawId = z.object({ id: z.string() }).safeParse(parsed.value).data?.id;
  const where = `${label}${rawId ? ` (entry "${rawId}")` : ''}`;
  const e = validate(entrySchema, parsed, where, ctx.problems);
  if (!e) return { ok: false, id: fileId };
  const lineOf = (field: string) => {
    const line = parsed.lineOf(field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
    return line ? ` line ${line}` : '';
  };
  const at = (field: string) => `${where}${lineOf(field)} field "${field}"`;
  if (fileId !== e.id) ctx.problems.push(`${at('id')}: must match the file name`);

  const resolve = (field: string, text: string, allowed: string[] = []) => {
    const r = resolveFacts(text, ctx.values);
    if (!ctx.factsLoaded) return r.text;
    for (const m of r.missing) ctx.problems.push(`${at(field)}: unknown ${m}`);
    for (const p of unknownPlaceholders(r.text, ctx.dateNames, allowed)) {
      if (!r.missing.includes(p)) ctx.problems.push(`${at(field)}: unknown placeholder {{${p}}}`);
    }
    return r.text;
  };
  const timeAware = e.timeAware && {
    date: e.timeAware.date,
    before: resolve('timeAware.before', e.timeAware.before, ['countdown']),
    after: resolve('timeAware.after', e.timeAware.after, ['since']),
  };
  if (timeAware && ctx.factsLoaded && !(timeAware.date in ctx.dateNames))
    ctx.problems.push(`${at('timeAware.date')}: unknown date`);

  const sources: ReplySource[] = [];
  e.sources.forEach((id, i) => {
    const s = ctx.sources[id];
    if (s) sources.push({ id, title: s.title, checked: s.checked, ...(s.url ? { url: s.url } : {}) });
    else if (ctx.sourcesLoaded)
      ctx.problems.push(`${at(`sources.${i}`)}: unknown source "${id}" (not in sources.yaml)`);
  });
  const links: ReplyLink[] = [];
  e.links.forEach((name, i) => {
    const link = ctx.links.get(name);
    if (link) links.push(link);
    else if (ctx.factsLoaded)
      ctx.problems.push(`${at(`links.${i}`)}: unknown link "${name}" (not in facts.yaml links)`);
  });

  const entry: Entry = {
    id: e.id,
    kind: e.kind,
    topic: e.topic,
    title: resolve('title', e.title),
    question: resolve('question', e.question),
    phrasings: e.phrasings,
    answer: resolve('answer', e.answer),
    timeAware,
    steps: e.steps.map((s, i) => resolve(`steps.${i}`, s)),
    links,
    followUps: e.followUps,
    sources,
    file: label,
  };
  const layout: EntryLayout = {
    id: e.id,
    file: label,
    where,
    question: placeOf(parsed, ['question'], e.question),
    phrasings: e.phrasings.map((text, i) => placeOf(parsed, ['phrasings', i], text)),
    phrasingsLine: parsed.lineOf(['phrasings']),
  };
  return { ok: true, entry, layout, at };
}
