import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** knowledge/ at the repository root, found from this file whether it runs from src/ or dist/src/. */
export function defaultKnowledgeDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes(join('dist', 'src')) ? resolve(here, '../../..') : resolve(here, '../..');
  return join(root, 'knowledge');
}
