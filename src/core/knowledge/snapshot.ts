// A validated snapshot of the knowledge base, so a cold `ask` or start-up does not parse, validate and
// cross-check every YAML file (about a second on a small machine; reading the snapshot back, zod included,
// takes tens of milliseconds) when the files have not changed since they were last validated. The snapshot
// is keyed by a fingerprint of every file's bytes: any edit, valid or not, misses it and goes through the
// full loader, which reports problems by file, line and field as always.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { entrySchema, factsSchema, scopeSchema, smalltalkSchema, sourcesSchema } from './schema.js';
import { languageDataSchema, uiFileSchema } from './translations/schema.js';
import type { Entry, Knowledge } from './types.js';

const VERSION = 3;

/** Where snapshots live: dist/.cache when running compiled; from sources (tests, tools) there is none. */
function snapshotFile(dir: string): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  if (!here.includes(join('dist', 'src'))) return undefined;
  const key = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16);
  return resolve(here, '../../../.cache', `knowledge-${key}.json`);
}

/** A hash over the names and bytes of every knowledge file the loader reads. */
export function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  const files = [
    'facts.yaml',
    'sources.yaml',
    'synonyms.yaml',
    'smalltalk.yaml',
    'scope.yaml',
    join('i18n', 'en', 'ui.yaml'),
  ];
  try {
    for (const f of readdirSync(join(dir, 'entries')).sort()) files.push(join('entries', f));
  } catch {
    // A missing folder fingerprints as such; the full loader reports it.
  }
  for (const f of files) {
    hash.update(`${f}\0`);
    try {
      hash.update(readFileSync(join(dir, f)));
    } catch {
      hash.update('\0missing\0');
    }
  }
  return `${VERSION}:${hash.digest('hex')}`;
}

// The snapshot is our own output, but it is still parsed data (a crash mid-write, an older build, a hand
// edit), so it is validated, not cast. Its schemas are the curated files' schemas with what the loader
// resolves swapped in: an entry's link names become facts.yaml links, its source ids sources.yaml sources.
const source = sourcesSchema.valueType.extend({ id: entrySchema.shape.sources.element });
const storedEntry = entrySchema.extend({
  // The loader always writes these, so a snapshot without them is refused rather than defaulted.
  kind: entrySchema.shape.kind.unwrap(),
  steps: entrySchema.shape.steps.unwrap(),
  followUps: entrySchema.shape.followUps.unwrap(),
  links: z.array(factsSchema.shape.links.valueType),
  sources: z.array(source),
  file: z.string(),
}) satisfies z.ZodType<Entry>;

const snapshotSchema = z.strictObject({
  fingerprint: z.string(),
  knowledge: z.strictObject({
    dir: z.string(),
    entries: z.array(storedEntry),
    dates: z.record(factsSchema.shape.dates.keyType, z.iso.datetime()),
    synonyms: z.array(z.tuple([z.string(), z.string()])),
    smalltalk: smalltalkSchema,
    scope: scopeSchema,
    language: languageDataSchema.optional(),
    values: z.record(z.string(), z.string()),
    links: factsSchema.shape.links,
    ui: uiFileSchema,
  }),
});

interface Snapshot {
  fingerprint: string;
  knowledge: Omit<Knowledge, 'byId' | 'dates' | 'synonyms'> & {
    dates: Record<string, string>;
    synonyms: Array<[string, string]>;
  };
}

// `satisfies` above checks that a parsed entry is an Entry; these check that nothing is left out either
// way, so a field added to Entry (or to the written snapshot) fails to compile until the schema has it.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const entryKeysMatch: SameKeys<z.infer<typeof storedEntry>, Entry> = true;
const knowledgeKeysMatch: SameKeys<z.infer<typeof snapshotSchema>['knowledge'], Snapshot['knowledge']> = true;
void [entryKeysMatch, knowledgeKeysMatch];

export function toSnapshot(knowledge: Knowledge, print: string): Snapshot {
  const { byId: _byId, dates, synonyms, ...rest } = knowledge;
  return {
    fingerprint: print,
    knowledge: {
      ...rest,
      dates: Object.fromEntries(Object.entries(dates).map(([k, d]) => [k, d.toISOString()])),
      synonyms: [...synonyms],
    },
  };
}

/** The knowledge in a parsed snapshot file, or undefined when it is stale (another fingerprint) or malformed. */
export function fromSnapshot(raw: unknown, print: string): Knowledge | undefined {
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success || parsed.data.fingerprint !== print) return undefined;
  const k = parsed.data.knowledge;
  return {
    ...k,
    byId: new Map(k.entries.map((e) => [e.id, e])),
    dates: Object.fromEntries(Object.entries(k.dates).map(([name, iso]) => [name, new Date(iso)])),
    synonyms: new Map(k.synonyms),
  };
}

/** The snapshot in `file`, if it is there, whole and current. */
function readSnapshot(file: string, print: string): Knowledge | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // No snapshot yet, or a truncated or garbled one: a miss like any other; the full loader rewrites it.
    return undefined;
  }
  return fromSnapshot(raw, print);
}

/** Keep the newest few snapshots: one per knowledge folder, and test runs use many temporary folders. */
function pruneSnapshots(folder: string, keep = 8): void {
  const files = readdirSync(folder)
    .filter((f) => /^knowledge-[0-9a-f]+\.json$/.test(f))
    .map((f) => ({ path: join(folder, f), mtime: statSync(join(folder, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of files.slice(keep)) rmSync(old.path, { force: true });
}

/**
 * The knowledge base, from the snapshot when the files are unchanged since it was validated, otherwise
 * through the full loader (which throws KnowledgeError naming file, line and field). Writing the snapshot
 * is best effort: a read-only install simply always takes the full path.
 */
export async function loadKnowledgeFast(dir?: string): Promise<Knowledge> {
  const { defaultKnowledgeDir } = await import('./dir.js');
  const folder = dir ?? defaultKnowledgeDir();
  return loadThroughSnapshot(folder, snapshotFile(folder));
}

/** loadKnowledgeFast with the snapshot file given (none: always the full loader); tests name their own. */
export async function loadThroughSnapshot(folder: string, file: string | undefined): Promise<Knowledge> {
  const print = fingerprint(folder);
  const cached = file && readSnapshot(file, print);
  if (cached) return cached;
  // Imported only on a miss, for callers of this file alone (src/core/index.ts re-exports the loader, so
  // through it the YAML parser is loaded anyway).
  const { loadKnowledge } = await import('./load.js');
  const knowledge = loadKnowledge(folder);
  if (file) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(toSnapshot(knowledge, print)));
      renameSync(tmp, file);
      pruneSnapshots(dirname(file));
    } catch {
      // Best effort: without a snapshot the next start takes the full path again.
    }
  }
  return knowledge;
}
