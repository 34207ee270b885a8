// The manifest an admin installs from must match what the adapter handles: every event it listens to
// subscribed, and no scope it does not use.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Manifest {
  features: { slash_commands: Array<{ command: string }>; app_home: { messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
}

const manifest = parse(readFileSync('adapters/slack/manifest.yaml', 'utf8')) as Manifest;

describe('the Slack app manifest', () => {
  it('subscribes to mentions, direct messages and token revocation, and enables buttons and DMs', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_mention',
      'app_uninstalled',
      'message.im',
      'tokens_revoked',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/optout']);
  });

  it('asks for exactly the scopes those need', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      // Announcements: finding an unrecorded post by its metadata in a channel's history (findPosted).
      'channels:history',
      'chat:write',
      'commands',
      'groups:history',
      'im:history',
      // Announcements: only workspace admins and owners may subscribe a channel (users.info).
      'users:read',
    ]);
  });
});
