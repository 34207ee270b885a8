// The text `npm run insights` prints: plain aligned columns a curator can read in a terminal or paste
// into an issue. Worst entries first; rates as whole percentages.
import type { InsightsReport } from '../src/insights/index.js';
import { MIN_VOTES, UNANSWERED_KEEP_DAYS, UNANSWERED_MIN_TIMES } from '../src/insights/index.js';

const percent = (share: number | undefined) => (share === undefined ? '-' : `${Math.round(share * 100)}%`);

/** Columns padded to their widest cell; numbers (right: true) are right-aligned. */
export function table(header: string[], rows: string[][], right: readonly boolean[]): string[] {
  const all = [header, ...rows];
  const widths = all.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  const line = (r: string[]) =>
    r
      .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatReport(report: InsightsReport, opts: { unansweredOn: boolean }): string {
  const days = report.days.length;
  const out: string[] = [`Insights ${report.from} to ${report.to} (UTC days)`, ''];
  if (report.entries.length === 0 && days === 0) {
    out.push('Nothing was counted in these days.');
  } else {
    out.push('Entries, worst first', '');
    out.push(
      ...table(
        ['entry', 'asked', 'helpful', 'unhelpful', 'unhelpful share'],
        report.entries.map((e) => [
          e.entry,
          String(e.asked),
          String(e.helpful),
          String(e.unhelpful),
          percent(e.unhelpfulShare),
        ]),
        [false, true, true, true, true],
      ),
    );
    out.push(
      '',
      `Worst: the largest share of 👎 among entries with at least ${MIN_VOTES} votes; the rest`,
      '(share "-") follow by 👎 votes, then by how often they were asked.',
      '',
      'Days',
      '',
      ...table(
        ['day', 'questions', 'fallback', 'fallback rate', 'did you mean', 'did-you-mean rate'],
        report.days.map((d) => [
          d.day,
          String(d.questions),
          String(d.fallbacks),
          percent(d.fallbackRate),
          String(d.suggestions),
          percent(d.suggestRate),
        ]),
        [false, true, true, true, true, true],
      ),
      '',
      'Rates are shares of the free-text questions typed that day.',
    );
  }
  out.push('');
  if (report.unanswered.length > 0) {
    out.push(
      `Unanswered questions asked at least ${UNANSWERED_MIN_TIMES} times (kept ${UNANSWERED_KEEP_DAYS} days)`,
      '',
      ...table(
        ['times', 'question (scrubbed)'],
        report.unanswered.map((u) => [String(u.times), u.text]),
        [true, false],
      ),
    );
  } else if (opts.unansweredOn) {
    out.push(`No unanswered question was asked ${UNANSWERED_MIN_TIMES} times or more.`);
  } else {
    out.push('Unanswered questions are not kept (INSIGHTS_UNANSWERED=on keeps them, scrubbed, 30 days).');
  }
  return `${out.join('\n')}\n`;
}
