// Runs the compiled `kb:why` entry point as a curator would (the global setup builds dist/).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function why(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['dist/app/kb-why.js', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, KNOWLEDGE_DIR: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run kb:why', () => {
  it('prints the words, the evidence, the top entries, the reasons and the decision', () => {
    const r = why(['are', 'my', 'DMs', 'used?']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^question: are my DMs used\?$/m);
    expect(r.out).toMatch(/^ {2}synonyms: +dms → private messages/m);
    expect(r.out).toMatch(/^ {2}words: +privat \d\.\d{3}, messag \d\.\d{3}/m);
    expect(r.out).toMatch(/^evidence: short-known$/m);
    expect(r.out).toMatch(
      /^ {2}1\. private-messages +0\.\d{3} +phrasing \d\.\d{3} "[^"]+", whole 0\.\d{3}$/m,
    );
    expect(r.out).toMatch(
      /^ {2}- whole message: "private-messages" scores .* ≥ threshold 0\.34 .*: answered$/m,
    );
    expect(r.out).toMatch(/^decision: answered "private-messages" \(confidence 0\.\d{3}\)$/m);
  });

  it('shows the clauses of a two-part question and a "did you mean" near tie', () => {
    const two = why(['is my cv and my inbox used?']);
    expect(two.out).toMatch(/^clauses$/m);
    expect(two.out).toMatch(/^ {2}"is my cv" \(asks\) → answered resumes-applications$/m);
    const tie = why(['uk or europe?']);
    expect(tie.out).toMatch(/^decision: suggested "europe", "uk"/m);
  });

  it('--json prints the explanation object', () => {
    const r = why(['--json', 'what is the weather in Paris']);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    expect(x).toMatchObject({ decision: 'decline', entries: ['general-chat'], rule: 'clear-decline' });
    expect(x.evidence.verdict).toBe('none');
  });

  it.each([
    [[], /no question given/],
    [['--frobnicate', 'q'], /unknown flag --frobnicate/],
  ])('a usage slip (%j) is exit code 2 with the usage', (args, message) => {
    const r = why(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/Usage: npm run kb:why/);
    expect(r.out).toBe('');
  });

  it('a knowledge folder that does not load is exit code 1 naming the problem', () => {
    const r = why(['are DMs used'], { KNOWLEDGE_DIR: '/nonexistent/knowledge' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Invalid knowledge base:[\s\S]*facts\.yaml: cannot read/);
  });
});
