// The core must stay platform-agnostic: nothing in src/ may import a chat SDK.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('architecture boundary', () => {
  it('no file in src/ imports discord.js, @slack/* or an adapter', () => {
    const offenders = files('src').filter((f) =>
      /from\s+['"](discord\.js|@discordjs\/[^'"]+|@slack\/[^'"]+|[./]*\/adapters\/[^'"]*)['"]/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
