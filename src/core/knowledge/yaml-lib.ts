// The YAML library, loaded on first use rather than at import: a cold `ask` or start-up whose knowledge
// comes from its snapshots parses no YAML, and loading the library costs tens of milliseconds. Synchronous
// (the loader is), so through require; `yaml` resolves to the same CommonJS build either way under Node.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yaml(): typeof Yaml {
  const loaded: typeof Yaml = lib ?? createRequire(import.meta.url)('yaml');
  lib = loaded;
  return loaded;
}
