// A validated snapshot of the knowledge base, so a cold `ask` or start-up does not pay for the YAML parser
// and zod (about 180 ms) when the files have not changed since they were last validated. The snapshot is
// keyed by a fingerprint of every file's bytes: any edit, valid or not, misses it and goes through the full
// loader, which reports problems by file, line and field as always.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScopeFile, SmalltalkFile } from './schema.js';
import type { Entry, Knowledge } from './types.js';

const VERSION = 2;

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
  const files = ['facts.yaml', 'sources.yaml', 'synonyms.yaml', 'smalltalk.yaml', 'scope.yaml'];
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

interface Snapshot {
  fingerprint: string;
  knowledge: Omit<Knowledge, 'byId' | 'dates' | 'synonyms'> & {
    dates: Record<string, string>;
    synonyms: Array<[string, string]>;
  };
}

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

// The snapshot is our own output, but it is still parsed data: check its shape instead of trusting a cast.
const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);
const hasStrings = (x: Record<string, unknown>, keys: string[]) => keys.every((k) => isString(x[k]));
const isLink = (x: unknown) => isRecord(x) && hasStrings(x, ['label', 'url']);
const isSource = (x: unknown) =>
  isRecord(x) && hasStrings(x, ['id', 'title', 'checked']) && (x.url === undefined || isString(x.url));

function isEntry(x: unknown): x is Entry {
  if (!isRecord(x)) return false;
  const ta = x.timeAware;
  return (
    hasStrings(x, ['id', 'topic', 'title', 'question', 'answer', 'file']) &&
    (x.kind === 'answer' || x.kind === 'decline') &&
    isStrings(x.phrasings) &&
    isStrings(x.steps) &&
    isStrings(x.followUps) &&
    Array.isArray(x.links) &&
    x.links.every(isLink) &&
    Array.isArray(x.sources) &&
    x.sources.every(isSource) &&
    (ta === undefined || (isRecord(ta) && hasStrings(ta, ['date', 'before', 'after'])))
  );
}

function isSmalltalk(x: unknown): x is SmalltalkFile {
  if (!isRecord(x)) return false;
  const withPhrases = ['greeting', 'thanks', 'help'].every((k) => {
    const v = x[k];
    return isRecord(v) && isStrings(v.phrases) && isString(v.answer);
  });
  return (
    withPhrases &&
    ['fallback', 'suggest'].every((k) => {
      const v = x[k];
      return isRecord(v) && isString(v.answer);
    })
  );
}

function isScope(x: unknown): x is ScopeFile {
  return isRecord(x) && isStrings(x.policy) && isStrings(x.ai) && isStrings(x.data);
}

export function fromSnapshot(raw: unknown, print: string): Knowledge | undefined {
  if (!isRecord(raw) || raw.fingerprint !== print || !isRecord(raw.knowledge)) return undefined;
  const k = raw.knowledge;
  const entries = k.entries;
  const dates = k.dates;
  const synonyms = k.synonyms;
  if (!isString(k.dir) || !Array.isArray(entries) || !entries.every(isEntry) || !isSmalltalk(k.smalltalk)) {
    return undefined;
  }
  if (!isScope(k.scope)) {
    return undefined;
  }
  if (!isRecord(dates) || !Object.values(dates).every(isString)) return undefined;
  if (!Array.isArray(synonyms) || !synonyms.every((p) => isStrings(p) && p.length === 2)) return undefined;
  return {
    dir: k.dir,
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    dates: Object.fromEntries(Object.entries(dates).map(([name, iso]) => [name, new Date(String(iso))])),
    synonyms: new Map(synonyms.map((p) => [p[0] ?? '', p[1] ?? ''])),
    smalltalk: k.smalltalk,
    scope: k.scope,
  };
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
  const file = snapshotFile(folder);
  const print = fingerprint(folder);
  if (file) {
    try {
      const cached = fromSnapshot(JSON.parse(readFileSync(file, 'utf8')), print);
      if (cached) return cached;
    } catch {
      // No snapshot yet, or an unreadable one: validate from the files.
    }
  }
  // Imported only on a miss: the YAML parser and zod are most of a cold start.
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
      // Best effort.
    }
  }
  return knowledge;
}
