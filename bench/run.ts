// `npm run bench`: every benchmark side by side with its baseline, in one run. Medians and ratios.
import { loadKnowledge } from '../src/core/index.js';
import { benchFanout, formatFanout } from './announce-fanout.js';
import { benchHosts, formatHosts } from './announce-hosts.js';
import { benchCore } from './core.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
benchCore(loadKnowledge(), out);
out('');
out('## Announcement fan-out (10,000 subscriptions, real posters, rate-limited loopback stand-ins)');
out('');
const fanout = await benchFanout({ subscriptions: 10_000 });
out(formatFanout(fanout));
out(`Goal: exactly ${fanout.subscriptions} deliveries, 0 duplicates, time close to the rate-limit floor.`);
out('');
out('## Announcement fan-out across hosts (10,000 channels; 1, 2, 4 processes on PostgreSQL, 1 on SQLite)');
out('');
const hosts = await benchHosts({ subscriptions: 10_000 });
out(formatHosts(hosts));
out(
  'Goal: exactly 10,000 deliveries in every run, 0 duplicates, time close to the floor whatever the hosts.',
);
