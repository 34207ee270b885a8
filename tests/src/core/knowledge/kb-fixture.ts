// A small knowledge folder written to a temp dir: a few entries, every file the loader reads, valid as
// written. Tests change one file (or one line) to plant the slip they check.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILES: Record<string, string> = {
  'facts.yaml': `dates:
  start: 2025-11-03
values:
  settingName: Data for Generative AI Improvement
links:
  setting:
    label: Open the setting
    url: https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement
`,
  'sources.yaml': `article:
  title: The article
  checked: 2026-11-20

help-page:
  title: The help page
  url: https://www.linkedin.com/help/linkedin/answer/a6278444
  checked: 2026-01-10
`,
  'synonyms.yaml': `private messages:
  - dms
  - inbox
`,
  'smalltalk.yaml': `greeting:
  phrases: [hi, hello]
  answer: Hello! Ask me about the opt-out.
thanks:
  phrases: [thanks]
  answer: You're welcome.
help:
  phrases: [help]
  answer: Ask me how to opt out.
fallback:
  answer: I can answer questions about the opt-out.
suggest:
  answer: "Did you mean one of these?"
`,
  'scope.yaml': `policy: [linkedin, opt out]
ai: [ai, training]
data: [messages, posts]
`,
  'entries/private-messages.yaml': `id: private-messages
topic: data
title: Private messages
question: Are my private messages used?
phrasings:
  - are dms used for ai training
  - does linkedin read my inbox
  - are my messages part of the training data
answer: No, private messages are not used.
followUps: [how-to-opt-out]
sources: [article]
`,
  'entries/how-to-opt-out.yaml': `id: how-to-opt-out
topic: settings
title: How to opt out
question: How do I opt out?
phrasings:
  - how do i turn off the setting
  - where is the {{fact.settingName}} switch
  - stop linkedin training on my profile
answer: Turn off {{fact.settingName}} from {{date.start}}.
links: [setting]
followUps: [private-messages]
sources: [article, help-page]
`,
};

export interface Fixture {
  dir: string;
  /** Overwrite a file (path relative to the folder). */
  write(file: string, text: string): void;
  /** Change a file's text. */
  edit(file: string, change: (text: string) => string): void;
  remove(): void;
}

export function knowledgeFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'kb-fixture-'));
  mkdirSync(join(dir, 'entries'));
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  for (const [file, text] of Object.entries(FILES)) write(file, text);
  return {
    dir,
    write,
    edit: (file, change) => write(file, change(readFileSync(join(dir, file), 'utf8'))),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
