// A validated snapshot of the knowledge base, so a cold `ask` or start-up does not parse, validate and
// cross-check every YAML file (about a second on a small machine; reading the snapshot back, zod included,
// takes tens of milliseconds) when the files have not changed since they were last validated. The snapshot
// is keyed by a fingerprint of every file's bytes: any edit, valid or not, misses it and goes through the
// full loader, which reports problems by file, line and field as always.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { entrySchema, factsSchema, scopeSchema, smalltalkSchema, sourcesSchema } from './schema.js';
import { cacheFolder, folderKey, readJson, writeSnapshotFile } from './snapshot-file.js';
import { languageDataSchema, uiFileSchema } from './translations/schema.js';
import type { Entry, Knowledge } from './types.js';

const VERSION = 3;

/** Where the snapshot lives: dist/.cache when running compiled; from sources (tests, tools) there is none. */
function snapshotFile(dir: string): string | undefined {
  const folder = cacheFolder();
  return folder && join(folder, `knowledge-${folderKey(dir)}.json`);
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

/** A Knowledge as JSON stores it (English's or a translation's: translations/snapshot.ts uses it too). */
export const storedKnowledgeSchema = z.strictObject({
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
});

const snapshotSchema = z.strictObject({ fingerprint: z.string(), knowledge: storedKnowledgeSchema });

export type StoredKnowledge = Omit<Knowledge, 'byId' | 'dates' | 'synonyms'> & {
  dates: Record<string, string>;
  synonyms: Array<[string, string]>;
};

interface Snapshot {
  fingerprint: string;
  knowledge: StoredKnowledge;
}

// `satisfies` above checks that a parsed entry is an Entry; these check that nothing is left out either
// way, so a field added to Entry (or to the written snapshot) fails to compile until the schema has it.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const entryKeysMatch: SameKeys<z.infer<typeof storedEntry>, Entry> = true;
const knowledgeKeysMatch: SameKeys<z.infer<typeof storedKnowledgeSchema>, StoredKnowledge> = true;
void [entryKeysMatch, knowledgeKeysMatch];

/** A Knowledge as plain JSON data: maps as pairs, dates as ISO strings. */
export function toStored(knowledge: Knowledge): StoredKnowledge {
  const { byId: _byId, dates, synonyms, ...rest } = knowledge;
  return {
    ...rest,
    dates: Object.fromEntries(Object.entries(dates).map(([k, d]) => [k, d.toISOString()])),
    synonyms: [...synonyms],
  };
}

/** The Knowledge back from what storedKnowledgeSchema validated. */
export function fromStored(k: z.infer<typeof storedKnowledgeSchema>): Knowledge {
  return {
    ...k,
    byId: new Map(k.entries.map((e) => [e.id, e])),
    dates: Object.fromEntries(Object.entries(k.dates).map(([name, iso]) => [name, new Date(iso)])),
    synonyms: new Map(k.synonyms),
  };
}

export function toSnapshot(knowledge: Knowledge, print: string): Snapshot {
  return { fingerprint: print, knowledge: toStored(knowledge) };
}

/** The knowledge in a parsed snapshot file, or undefined when it is stale (another fingerprint) or malformed. */
export function fromSnapshot(raw: unknown, print: string): Knowledge | undefined {
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success || parsed.data.fingerprint !== print) return undefined;
  return fromStored(parsed.data.knowledge);
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
  // No snapshot yet, or a truncated, garbled or stale one: a miss like any other; the loader rewrites it.
  const cached = file && fromSnapshot(readJson(file), print);
  if (cached) return cached;
  // Imported only on a miss, for callers of this file alone (src/core/index.ts re-exports the loader, so
  // through it the YAML parser is loaded anyway).
  const { loadKnowledge } = await import('./load.js');
  const knowledge = loadKnowledge(folder);
  // One per knowledge folder is kept of the newest few: test runs use many temporary folders.
  if (file) writeSnapshotFile(file, toSnapshot(knowledge, print), /^knowledge-[0-9a-f]+\.json$/, 8);
  return knowledge;
}
