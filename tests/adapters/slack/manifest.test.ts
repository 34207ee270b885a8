// The manifest an admin installs from must match what the adapter handles: every event it listens to
// subscribed, the shortcut it answers declared, no scope it does not use, the ones only announcements use
// optional, and only fields Slack's manifest schema has (within its lengths).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  INSTALL_SCOPES,
  OPTIONAL_BOT_SCOPES,
  REDIRECT_PATH,
  REQUIRED_BOT_SCOPES,
} from '../../../adapters/slack/scopes.js';
import { ASK_SHORTCUT } from '../../../adapters/slack/shortcut.js';

const text = readFileSync('adapters/slack/manifest.yaml', 'utf8');
// Strict where the schema is closed: a field Slack does not know (a privacy-policy URL) fails here first.
const manifest = z
  .object({
    display_information: z
      .object({
        name: z.string().max(35),
        description: z.string().max(140),
        long_description: z.string().max(4000),
        background_color: z.string().regex(/^#[0-9a-f]{3}([0-9a-f]{3})?$/i),
      })
      .strict(),
    features: z.object({
      app_home: z.object({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean() }),
      shortcuts: z.array(
        z.object({
          name: z.string(),
          type: z.enum(['global', 'message']),
          callback_id: z.string().max(255),
          description: z.string().max(150),
        }),
      ),
      slash_commands: z.array(z.object({ command: z.string().max(32) })),
    }),
    oauth_config: z.object({
      scopes: z.object({ bot: z.array(z.string()), bot_optional: z.array(z.string()) }).strict(),
    }),
    settings: z.object({
      event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
      interactivity: z.object({ is_enabled: z.boolean() }),
    }),
  })
  .parse(parse(text));

describe('the Slack app manifest', () => {
  it('subscribes to mentions, DMs, the Home tab and token revocation, and enables buttons, DMs and Home', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'app_uninstalled',
      'message.im',
      'tokens_revoked',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/optout']);
  });

  it('declares the message shortcut the adapter answers', () => {
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        type: 'message',
        callback_id: ASK_SHORTCUT,
        name: 'Ask optout-bot about this',
      }),
    ]);
  });

  it('requires only what answering needs; what only announcements use is optional', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      // Replies, announcements, and the subscribe answer that shows whether the bot is in the channel.
      'chat:write',
      // The slash command and the message shortcut.
      'commands',
      'im:history',
    ]);
    expect(manifest.oauth_config.scopes.bot_optional.sort()).toEqual([
      // Announcements: finding an unrecorded post by its metadata in a channel's history (findPosted).
      'channels:history',
      'groups:history',
      // Announcements: only workspace admins and owners may subscribe a channel (users.info).
      'users:read',
    ]);
  });

  it('says, for each scope, what it buys', () => {
    const comments = text
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');
    for (const scope of [...manifest.oauth_config.scopes.bot, ...manifest.oauth_config.scopes.bot_optional]) {
      expect(comments).toMatch(new RegExp(`^#\\s+${scope}\\s+\\S`, 'm'));
    }
  });

  it('tells an approver where the icon, privacy policy and support links go, as the manifest has no field', () => {
    expect(text).toMatch(/^#\s+App icon\s+manifests cannot carry one/m);
    expect(text).toMatch(/^#\s+Privacy policy\s+manifests have no field for it/m);
    expect(text).toMatch(/^#\s+Support\s/m);
    expect(text).toContain('https://your-host.example/privacy');
  });

  it('the "Add to Slack" install asks for exactly the manifest’s scopes, optional ones kept apart', () => {
    expect([...REQUIRED_BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect([...OPTIONAL_BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot_optional].sort());
    expect([...INSTALL_SCOPES].sort()).toEqual(
      [...manifest.oauth_config.scopes.bot, ...manifest.oauth_config.scopes.bot_optional].sort(),
    );
  });

  it('names the redirect path the distributed mode serves, for the operator to uncomment', () => {
    expect(text).toContain(`# redirect_urls:\n  #   - https://your-host.example${REDIRECT_PATH}`);
  });
});
