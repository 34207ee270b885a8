// The knowledge base after loading: validated, cross-checked, facts resolved. Read-only from here on.

import type { LanguageData } from '../match/language.js';
import type { ReplyLink, ReplySource } from '../reply.js';
import type { ScopeFile, SmalltalkFile } from './schema.js';
import type { UiText } from './translations/schema.js';

export interface Entry {
  id: string;
  kind: 'answer' | 'decline';
  topic: string;
  title: string;
  question: string;
  phrasings: readonly string[];
  /** Answer template: facts resolved; `{{date.X}}` kept for answer time. */
  answer: string;
  /** Only for time-aware entries (optional rather than `| undefined`: a JSON snapshot has no key for it). */
  timeAware?: { date: string; before: string; after: string };
  steps: readonly string[];
  links: readonly ReplyLink[];
  followUps: readonly string[];
  sources: readonly ReplySource[];
  /** The file it came from, for messages about it. */
  file: string;
}

export interface Knowledge {
  dir: string;
  entries: readonly Entry[];
  byId: ReadonlyMap<string, Entry>;
  dates: Readonly<Record<string, Date>>;
  /** alias -> canonical phrase, both already normalised. */
  synonyms: ReadonlyMap<string, string>;
  smalltalk: SmalltalkFile;
  /** Evidence that a question is about this policy, normalised (knowledge/scope.yaml). */
  scope: ScopeFile;
  /**
   * The language its texts and phrasings are in: absent for the English knowledge base, the matching rules
   * of knowledge/i18n/<lang>/language.yaml for a translation (optional: a JSON snapshot has no key for it).
   */
  language?: LanguageData;
  /** facts.yaml's values (a translation resolves its own {{fact.X}} against them and its overrides). */
  values: Readonly<Record<string, string>>;
  /** facts.yaml's links by name, labels in this knowledge's language. */
  links: Readonly<Record<string, ReplyLink>>;
  /** The sentences around answers (knowledge/i18n/<lang>/ui.yaml; English from i18n/en/ui.yaml). */
  ui: Readonly<Record<string, UiText>>;
}
