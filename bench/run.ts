// `npm run bench`: every benchmark side by side with its baseline, in one run. Medians and ratios.
// `npm run bench -- --only i18n` (or core, fanout, hosts; comma-separated) runs just those.
import { loadKnowledge } from '../src/core/index.js';
import { benchFanout, formatFanout } from './announce-fanout.js';
import { benchHosts, formatHosts } from './announce-hosts.js';
import { benchCore } from './core.js';
import { benchI18n } from './i18n.js';

const PARTS = ['core', 'i18n', 'fanout', 'hosts'] as const;
type Part = (typeof PARTS)[number];
const isPart = (s: string): s is Part => (PARTS as readonly string[]).includes(s);

function chosenParts(argv: readonly string[]): readonly Part[] {
  const at = argv.indexOf('--only');
  if (at === -1) return PARTS;
  const asked = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = asked.filter((p) => !isPart(p));
  if (asked.length === 0 || unknown.length > 0) {
    process.stderr.write(`bench: --only takes ${PARTS.join(', ')} (comma-separated)\n`);
    process.exit(2);
  }
  return asked.filter(isPart);
}

const parts = chosenParts(process.argv.slice(2));
const out = (line: string) => process.stdout.write(`${line}\n`);
const knowledge = parts.includes('core') || parts.includes('i18n') ? loadKnowledge() : undefined;
if (knowledge && parts.includes('core')) {
  benchCore(knowledge, out);
  out('');
}
if (knowledge && parts.includes('i18n')) {
  await benchI18n(knowledge, out);
  out('');
}
if (parts.includes('fanout')) {
  out('## Announcement fan-out (10,000 subscriptions, real posters, rate-limited loopback stand-ins)');
  out('');
  const fanout = await benchFanout({ subscriptions: 10_000 });
  out(formatFanout(fanout));
  out(`Goal: exactly ${fanout.subscriptions} deliveries, 0 duplicates, time close to the rate-limit floor.`);
  out('');
}
if (parts.includes('hosts')) {
  out('## Announcement fan-out across hosts (10,000 channels; 1, 2, 4 processes on PostgreSQL, 1 on SQLite)');
  out('');
  const hosts = await benchHosts({ subscriptions: 10_000 });
  out(formatHosts(hosts));
  out(
    'Goal: exactly 10,000 deliveries in every run, 0 duplicates, time close to the floor whatever the hosts.',
  );
}
