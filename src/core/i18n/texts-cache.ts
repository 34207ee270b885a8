// Each language's tokenised texts (match/texts.ts), kept beside the translations' snapshots so that a cold
// start does not tokenise every phrasing again: most of what building a matcher costs. The key is the
// language's knowledge (as for words-cache.ts) and the code that tokenises: a change to the normaliser,
// the stemmer or the synonym expander misses it, as an edit to the files does. A miss computes the texts
// again; what is read is validated here and checked to fit by the ranker.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { cacheFolder, folderKey, readThrough } from '../knowledge/snapshot-file.js';
import type { Knowledge } from '../knowledge/types.js';
import type { PreparedTexts } from '../match/texts.js';
import { wordsFingerprint } from './words-cache.js';

const VERSION = 1;
const FAMILY = /^texts-[0-9a-f]+-[a-z]{2}\.json$/;
/** Eight languages for each of a few knowledge folders. */
const KEEP = 8 * 4;

/** The modules whose code decides a text's tokens, beside this one (compiled: .js; from sources: .ts). */
const TOKENISING = [
  '../match/texts',
  '../match/tokens',
  '../match/normalise',
  '../match/stem',
  '../match/language',
  '../knowledge/template',
];

let codePrint: string | undefined;
/** A hash of the tokenising modules' code: another build of them is another key. */
function tokenisingCode(): string {
  if (codePrint) return codePrint;
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const hash = createHash('sha256');
  for (const m of TOKENISING) {
    hash.update(`${m}\0`);
    try {
      hash.update(readFileSync(fileURLToPath(new URL(`${m}${ext}`, import.meta.url))));
    } catch {
      hash.update('\0missing\0');
    }
  }
  codePrint = hash.digest('hex');
  return codePrint;
}

const textsSchema = z.strictObject({
  fingerprint: z.string(),
  code: z.string(),
  pairs: z.boolean(),
  /** The term table, space-separated (terms are letters, digits and "+"): one string to check, not thousands. */
  terms: z.string(),
  /** Int32Arrays as base64 of their bytes: a fraction of the size and parse time of number arrays. */
  ids: z.string(),
  starts: z.string(),
});

/** What the stored texts of `code` must have been made from. */
export function textsFingerprint(english: Knowledge, code: string): string {
  return `${VERSION}:${tokenisingCode()}:${wordsFingerprint(english, code)}`;
}

export function textsFile(
  english: Knowledge,
  code: string,
  folder: string | undefined = cacheFolder(),
): string | undefined {
  return folder && join(folder, `texts-${folderKey(english.dir)}-${code}.json`);
}

function toBase64(a: Int32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** The Int32Array in base64 `s`, or undefined when its length is not a whole number of them. */
function fromBase64(s: string): Int32Array | undefined {
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  // Copied so the array owns aligned memory of its own (a Buffer may sit at any offset of a shared pool).
  const out = new Int32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The texts in a parsed file, or undefined when stale, of another language or setting, or malformed. */
export function fromTextsFile(
  raw: unknown,
  code: string,
  print: string,
  pairs: boolean,
): PreparedTexts | undefined {
  const parsed = textsSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  if (d.fingerprint !== print || d.code !== code || d.pairs !== pairs) return undefined;
  const ids = fromBase64(d.ids);
  const starts = fromBase64(d.starts);
  // What the bytes hold is checked by the ranker (textsFit) before it trusts them.
  const terms = d.terms === '' ? [] : d.terms.split(' ');
  return ids && starts ? { pairs, terms, ids, starts } : undefined;
}

/** The texts of `code` from `file` when current, else `compute()`, stored for next time. */
export function readTextsThrough(
  english: Knowledge,
  code: string,
  file: string | undefined,
  pairs: boolean,
  compute: () => PreparedTexts | undefined,
): PreparedTexts | undefined {
  if (!file) return compute();
  const print = textsFingerprint(english, code);
  return readThrough(
    file,
    {
      read: (raw) => fromTextsFile(raw, code, print, pairs),
      body: (texts) => ({
        fingerprint: print,
        code,
        pairs,
        terms: texts.terms.join(' '),
        ids: toBase64(texts.ids),
        starts: toBase64(texts.starts),
      }),
      family: FAMILY,
      keep: KEEP,
    },
    compute,
  );
}
