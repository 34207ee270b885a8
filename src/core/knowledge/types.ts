// The knowledge base after loading: validated, cross-checked, facts resolved. Read-only from here on.
import type { ReplyLink, ReplySource } from '../reply.js';
import type { ScopeFile, SmalltalkFile } from './schema.js';

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
}
