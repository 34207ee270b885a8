import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * knowledge/ at the repository root: the nearest folder up from this file that holds package.json, so it
 * is found the same whether this runs from src/ or from dist/ (or a test's transpiled copy).
 */
export function defaultKnowledgeDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'knowledge');
}
