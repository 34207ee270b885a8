// kb:check's line-level checks, on the files' layout: a phrasing YAML folded over several lines (an item
// indented too far silently joins the one above it) is a problem; an entry with fewer phrasings than the
// README asks for and a source not checked for half a year are warnings, which do not fail kb:check.
import type { KnowledgeLayout } from './layout.js';

/** README, "To add an entry": "with 15 or more phrasings in the words people really use". */
export const MIN_PHRASINGS = 15;
/** A source checked longer ago than this may no longer say what the entries cite. */
export const STALE_AFTER_DAYS = 180;

const DAY_MS = 86_400_000;
const at = (line: number | undefined) => (line ? ` line ${line}` : '');

export function lintLayout(layout: KnowledgeLayout, now: Date): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const e of layout.entries) {
    for (const p of e.phrasings) {
      if (p.line === undefined || p.end === undefined || p.end === p.line) continue;
      const why = / - /.test(p.text)
        ? 'an item indented too far joins the one above it'
        : 'YAML folds the lines into one phrasing';
      problems.push(
        `${e.where}${at(p.line)}: a phrasing spans lines ${p.line}-${p.end} and reads "${p.text}" (${why}): keep each phrasing on one line`,
      );
    }
    if (e.phrasings.length < MIN_PHRASINGS) {
      warnings.push(
        `${e.where}${at(e.phrasingsLine)} field "phrasings": ${e.phrasings.length} phrasings, fewer than the ${MIN_PHRASINGS} the README asks for: add more of the ways people really ask`,
      );
    }
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (const s of layout.sources) {
    const where = `${layout.sourcesFile}${at(s.line)} (source "${s.id}")`;
    const checked = new Date(`${s.checked}T00:00:00Z`);
    // The schema checks the shape (YYYY-MM-DD); Date refuses 2025-13-45, and rolls 2025-02-30 over.
    if (Number.isNaN(checked.getTime()) || checked.toISOString().slice(0, 10) !== s.checked) {
      problems.push(`${where} field "checked": ${s.checked} is not a real date`);
      continue;
    }
    const days = Math.round((today - checked.getTime()) / DAY_MS);
    if (days < 0) warnings.push(`${where}: checked ${s.checked}, which is after today: a typo?`);
    else if (days > STALE_AFTER_DAYS)
      warnings.push(
        `${where}: last checked ${s.checked}, ${days} days ago (over ${STALE_AFTER_DAYS}): check it still says what the entries cite, then update "checked"`,
      );
  }
  return { problems, warnings };
}
