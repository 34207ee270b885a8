// Where things are in the curated files, for kb:check's line-level checks (a phrasing folded over two
// lines, too few phrasings, a source not checked for long). Kept beside the Knowledge, not in it: the
// bot does not need it, and the snapshot stores the Knowledge only.

export interface TextPlace {
  text: string;
  /** First and last source line (equal unless the YAML folded it over several lines). */
  line: number | undefined;
  end: number | undefined;
}

export interface EntryLayout {
  id: string;
  /** The file as messages name it, and the label `file (entry "id")`. */
  file: string;
  where: string;
  question: TextPlace;
  /** In file order, one per phrasing (aligned with Entry.phrasings). */
  phrasings: TextPlace[];
  /** The line of the `phrasings:` key. */
  phrasingsLine: number | undefined;
}

export interface SourceLayout {
  id: string;
  /** As written in sources.yaml: YYYY-MM-DD. */
  checked: string;
  line: number | undefined;
}

export interface KnowledgeLayout {
  /** Every entry file that validated. */
  entries: EntryLayout[];
  /** sources.yaml as messages name it, and its sources when it validated. */
  sourcesFile: string;
  sources: SourceLayout[];
}
