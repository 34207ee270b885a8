// The bot's languages for a process: every translation in knowledge/i18n/, each read on first use. A
// translation that does not read is logged once (with what is wrong) and its askers get English answers.
import { createLanguages, type Knowledge, type Languages, type Logger } from '../src/core/index.js';

export function openLanguages(knowledge: Knowledge, logger?: Logger): Languages {
  return createLanguages(knowledge, {
    onProblems: (code, problems) =>
      logger?.warn('a translation of the knowledge base does not load; answering in English instead', {
        code: 'knowledge_translation_invalid',
        language: code,
        problems: problems.slice(0, 20),
      }),
  });
}
