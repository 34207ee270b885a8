// The platforms this app can run: the only list of them in the code. Adding a platform is its folder under
// adapters/ and one line here (docs/adding-a-platform.md). Each entry is light: an adapter loads its SDK
// only when it is configured and started.
import { fileURLToPath } from 'node:url';
import { discordPlatform } from '../adapters/discord/index.js';
import { defineAdapter, type RegisteredAdapter } from '../adapters/kit/index.js';
import { slackPlatform } from '../adapters/slack/index.js';

export const registry: readonly RegisteredAdapter[] = [
  defineAdapter(slackPlatform),
  defineAdapter(
    discordPlatform({ shardWorker: fileURLToPath(new URL('./discord-shard-worker.js', import.meta.url)) }),
  ),
];
