// Fan-out across hosts: one occurrence to N channels (half Slack over 10 workspaces, half Discord in one
// guild) by 1, 2 and 4 bot processes sharing one PostgreSQL database, beside 1 process on an SQLite file.
// Each host is a real process (bench/fanout-host.ts) with the real scheduler, runner, store and posters,
// against the rate-limited stand-ins (tests/support/fanout-standins.ts). Reports, per setup, the median
// time against the rate-limit floor, the deliveries (exactly N, no duplicates) and the database's cost:
// statements sent to Postgres per delivery. PostgreSQL: BENCH_DATABASE_URL (a database the bench may
// fill and empty), or a throwaway server started like the tests' (fsync off). Alone:
// `npm run bench:build && node .build/bench/announce-hosts.js [N] [repeats]`.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { type AnnouncementStore, openPostgresStore, openSqliteStore } from '../src/announce/index.js';
import { defaultLimits, startStandIns } from '../tests/support/fanout-standins.js';
import { findPostgresBin, type PostgresServer, startPostgres } from '../tests/support/postgres/server.js';
import { DISCORD_TOKEN, floorMs, slackToken, subscribeFanout } from './announce-fanout.js';
import type { HostConfig } from './fanout-host.js';

export interface HostsSetup {
  store: 'sqlite' | 'postgres';
  hosts: number;
}

export interface HostsResult extends HostsSetup {
  runs: number;
  medianMs: number;
  floorMs: number;
  ratio: number;
  /** Every run delivered exactly N, with no channel twice. */
  exact: boolean;
  delivered: number[];
  duplicates: number;
  /** Statements per delivery (Postgres), median over the runs; undefined for SQLite. */
  queriesPerDelivery: number | undefined;
  /** Deliveries made by each host in the median run, biggest first: how the work was shared. */
  split: number[];
}

const WORKSPACES = 10;
const hostReport = z.object({
  report: z.object({ fanOut: z.object({ posted: z.number() }).passthrough().optional() }).passthrough(),
  elapsedMs: z.number(),
  queries: z.number(),
});

interface Host {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  done: Promise<z.infer<typeof hostReport>>;
}

function startHost(config: HostConfig): Host {
  const script = fileURLToPath(new URL('./fanout-host.js', import.meta.url));
  const child = spawn(process.execPath, [script, JSON.stringify(config)]);
  let out = '';
  let err = '';
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const done = once(child, 'exit').then(([code]) => {
    const last = out.trim().split('\n').at(-1) ?? '';
    if (code !== 0 || last === 'ready') throw new Error(`a fan-out host failed (exit ${code}): ${err}`);
    return hostReport.parse(JSON.parse(last));
  });
  // A host that dies before `ready` must not leave the bench waiting.
  void done.catch(() => markReady());
  return { child, ready, done };
}

interface Run {
  elapsedMs: number;
  delivered: number;
  duplicates: number;
  queries: number;
  split: number[];
}

async function runOnce(
  setup: HostsSetup,
  where: { url: string } | { file: string },
  slackWorkspaces: string[],
): Promise<Run> {
  const limits = defaultLimits;
  const standIns = await startStandIns({
    limits,
    slackTokens: Object.fromEntries(slackWorkspaces.map((id) => [slackToken(id), id])),
    discordToken: DISCORD_TOKEN,
  });
  try {
    const base: Omit<HostConfig, 'store'> = {
      slackApiUrl: standIns.slackApiUrl,
      discordApiUrl: standIns.discordApiUrl,
      slackWorkspaces,
      discordPerSecond: limits.discordPerSecond,
      concurrency: 32,
      // 30 seconds after 09:00 in Berlin on the start date: the day-of announcement is due for everyone.
      start: new Date('2025-11-03T08:00:30Z').getTime(),
      t0: Date.now(),
    };
    const store: HostConfig['store'] =
      'url' in where ? { kind: 'postgres', url: where.url } : { kind: 'sqlite', file: where.file };
    const hosts = Array.from({ length: setup.hosts }, () => startHost({ ...base, store }));
    await Promise.all(hosts.map((h) => h.ready));
    await standIns.reset();
    const began = performance.now();
    for (const h of hosts) h.child.stdin.write('go\n');
    const reports = await Promise.all(hosts.map((h) => h.done));
    const elapsedMs = performance.now() - began;
    const posts = (await standIns.stats()).posts;
    return {
      elapsedMs,
      delivered: posts.reduce((a, b) => a + b, 0),
      duplicates: posts.filter((c) => c > 1).length,
      queries: reports.reduce((a, r) => a + r.queries, 0),
      split: reports.map((r) => r.report.fanOut?.posted ?? 0).sort((a, b) => b - a),
    };
  } finally {
    await standIns.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

/** A database for one setup: the shared server's maintenance URL with a fresh database name. */
async function freshDatabase(
  adminUrl: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Forget every delivery, runner and lease: the next run fans the same occurrence out again. */
async function resetPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('TRUNCATE announce_deliveries, announce_runners, announce_workspace_leases');
  } finally {
    await client.end();
  }
}

export async function benchHosts(
  options: { subscriptions?: number; repeats?: number; setups?: HostsSetup[] } = {},
): Promise<HostsResult[]> {
  const total = options.subscriptions ?? 10_000;
  const repeats = options.repeats ?? 3;
  const setups = options.setups ?? [
    { store: 'sqlite', hosts: 1 },
    { store: 'postgres', hosts: 1 },
    { store: 'postgres', hosts: 2 },
    { store: 'postgres', hosts: 4 },
  ];
  const workspaces = Array.from({ length: WORKSPACES }, (_, i) => `T${i}`);
  let server: PostgresServer | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl && setups.some((s) => s.store === 'postgres')) {
    const bin = findPostgresBin();
    if (!bin) throw new Error('no PostgreSQL for the bench: set BENCH_DATABASE_URL or install postgresql');
    server = await startPostgres(bin);
    adminUrl = server.url;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'optout-bench-hosts-'));
  const results: HostsResult[] = [];
  try {
    let counts: { slackPerWorkspace: Map<string, number>; discordCount: number } | undefined;
    const fill = async (store: AnnouncementStore) => {
      counts = await subscribeFanout(store, total, WORKSPACES);
      await store.close();
    };
    const pgDb = adminUrl ? await freshDatabase(adminUrl, 'optout_bench_hosts') : undefined;
    if (pgDb) await fill(await openPostgresStore(pgDb.url));
    try {
      for (const setup of setups) {
        const runs: Run[] = [];
        for (let r = 0; r < repeats; r++) {
          let where: { url: string } | { file: string };
          if (setup.store === 'postgres') {
            if (!pgDb) throw new Error('no PostgreSQL database');
            await resetPostgres(pgDb.url);
            where = { url: pgDb.url };
          } else {
            const file = path.join(dir, `run-${results.length}-${r}.sqlite`);
            await fill(openSqliteStore(file));
            where = { file };
          }
          runs.push(await runOnce(setup, where, workspaces));
        }
        if (!counts) throw new Error('nothing was subscribed');
        const floor = Math.max(
          floorMs(counts.slackPerWorkspace.values(), defaultLimits.slackPerWorkspacePerSecond),
          floorMs([counts.discordCount], defaultLimits.discordPerSecond),
        );
        const med = median(runs.map((r) => r.elapsedMs));
        const medianRun = runs.find((r) => r.elapsedMs === med) ?? runs[0];
        results.push({
          ...setup,
          runs: runs.length,
          medianMs: Math.round(med),
          floorMs: floor,
          ratio: Math.round((med / floor) * 100) / 100,
          exact: runs.every((r) => r.delivered === total && r.duplicates === 0),
          delivered: runs.map((r) => r.delivered),
          duplicates: runs.reduce((a, r) => a + r.duplicates, 0),
          queriesPerDelivery:
            setup.store === 'postgres'
              ? Math.round(median(runs.map((r) => r.queries / Math.max(1, r.delivered))) * 100) / 100
              : undefined,
          split: medianRun?.split ?? [],
        });
      }
    } finally {
      await pgDb?.drop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    server?.stop();
  }
  return results;
}

/** A table for `npm run bench`: each setup's median beside the one-host SQLite baseline. */
export function formatHosts(results: readonly HostsResult[]): string {
  const baseline = results.find((r) => r.store === 'sqlite' && r.hosts === 1);
  const lines = [
    '| store    | hosts | median   | floor  | ratio to floor | vs SQLite x1 | delivered (runs)       | dup | queries/delivery | per host (median run) |',
    '| -------- | ----- | -------- | ------ | -------------- | ------------ | ---------------------- | --- | ---------------- | --------------------- |',
  ];
  for (const r of results) {
    const vs = baseline ? `${(r.medianMs / baseline.medianMs).toFixed(2)}x` : 'n/a';
    lines.push(
      `| ${r.store.padEnd(8)} | ${String(r.hosts).padEnd(5)} | ${(r.medianMs / 1000).toFixed(1).padStart(6)} s | ${(r.floorMs / 1000).toFixed(1)} s | ${String(r.ratio).padEnd(14)} | ${vs.padEnd(12)} | ${r.delivered.join(', ').padEnd(22)} | ${String(r.duplicates).padEnd(3)} | ${String(r.queriesPerDelivery ?? 'n/a').padEnd(16)} | ${r.split.join(' / ')} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 10_000);
  const repeats = Number(process.argv[3] ?? 3);
  benchHosts({ subscriptions: n, repeats }).then(
    (r) => process.stdout.write(`${formatHosts(r)}\n${JSON.stringify(r)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
