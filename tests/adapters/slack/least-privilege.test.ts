// The bot installed with only the manifest's required scopes, every optional one (users:read,
// channels:history, groups:history) declined: the Slack stand-in answers missing_scope for any call that
// needs a scope it was not given, as Slack does. Everything people use still works; announcements degrade
// the way the manifest and docs say.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { adminsOnlyListedText } from '../../../adapters/slack/announce-commands.js';
import { multilingualBot } from '../../support/languages.js';
import { type Announcing, startAnnouncing } from '../../support/slack/announcing.js';
import type { FakeSlack } from '../../support/slack/fake-slack.js';
import { neededScope } from '../../support/slack/fake-surfaces.js';
import { type Harness, logLine, startHarness, textsIn } from '../../support/slack/harness.js';
import {
  CHANNEL,
  directMessage,
  eventRequest,
  homeOpened,
  mention,
  messageShortcut,
  slashCommand,
} from '../../support/slack/requests.js';

const manifest = z
  .object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }) })
  .parse(parse(readFileSync('adapters/slack/manifest.yaml', 'utf8')));
const REQUIRED = manifest.oauth_config.scopes.bot;
const grantRequiredOnly = (fake: FakeSlack) => {
  fake.scopes = new Set(REQUIRED);
};

const ADMIN = 'UADMIN0001';
const LISTED = 'ULISTED001';

describe('installed with the required scopes only', () => {
  let h: Harness | undefined;
  let a: Announcing | undefined;
  afterEach(async () => {
    await h?.close();
    await a?.close();
    h = undefined;
    a = undefined;
  });

  it('answers mentions, DMs, the command and the shortcut, and publishes the Home tab, with no call refused', async () => {
    h = await startHarness({ prepare: grantRequiredOnly });
    await h.send(eventRequest(mention('is it too late?')));
    await h.fake.nthCall('chat.postMessage');
    await h.send(eventRequest(directMessage('deadline')));
    await h.fake.nthCall('chat.postMessage', 2);
    const command = await h.send(slashCommand({ text: 'help', responseUrl: h.fake.responseUrl('cmd') }));
    expect(textsIn(JSON.parse(command.body).blocks)).toContain(h.bot.help().title);
    await h.send(messageShortcut({ text: 'how do I opt out?', responseUrl: h.fake.responseUrl('sc') }));
    expect(textsIn((await h.fake.nthPost('sc')).body.blocks)).toContain(h.bot.ask('how do I opt out?').title);
    await h.send(eventRequest(homeOpened()));
    await h.fake.nthCall('views.publish');
    await h.send(eventRequest(homeOpened()));
    const home = await h.fake.nthCall('views.publish', 2);
    expect(JSON.stringify(home.args.view)).toContain('What this bot stores');

    // Every call the adapter made needed no scope, or one it was given, except the Home tab's look at the
    // viewer's locale: refused once for the missing users:read, remembered, and the tab is English.
    const isLocale = (c: { method: string; args: Record<string, unknown> }) =>
      c.method === 'users.info' && String(c.args.include_locale) === 'true';
    expect(h.fake.calls.filter(isLocale)).toHaveLength(1);
    const needed = h.fake.calls
      .filter((c) => !isLocale(c))
      .map((c) => neededScope(c.method, c.args))
      .filter((s) => s !== undefined);
    expect(needed.length).toBeGreaterThan(0);
    for (const scope of needed) expect(REQUIRED).toContain(scope);
  });

  it('without users:read only listed ids may subscribe, the others are told why, and nothing reads history', async () => {
    a = await startAnnouncing({
      admins: [LISTED],
      prepare: (fake) => {
        grantRequiredOnly(fake);
        fake.users.set(ADMIN, { is_admin: true });
      },
    });
    h = a.h;
    const { fake } = a.h;
    const send = a.h.send;
    const answer = async (text: string, user: string, hook: string) => {
      await send(slashCommand({ text, user, responseUrl: fake.responseUrl(hook) }));
      return (await fake.nthPost(hook)).body.text;
    };

    // A workspace admin, but Slack will not say so: refused, with the reason, and nothing stored.
    // Without users:read there is no locale either: English.
    const ADMINS_ONLY_LISTED = adminsOnlyListedText(multilingualBot());
    expect(await answer('subscribe', ADMIN, 'admin-1')).toBe(ADMINS_ONLY_LISTED);
    expect(ADMINS_ONLY_LISTED).toContain('users:read');
    expect(await answer('unsubscribe', ADMIN, 'admin-2')).toBe(ADMINS_ONLY_LISTED);
    expect(await a.service.store.listSubscriptions()).toEqual([]);
    // Two admin checks, and one look at the admin's locale for the reply's language: refused for the same
    // missing scope, it is not tried again in this workspace for a while.
    const infos = h.fake.callsTo('users.info');
    expect(infos.filter((c) => String(c.args.include_locale) !== 'true')).toHaveLength(2);
    expect(infos.filter((c) => String(c.args.include_locale) === 'true')).toHaveLength(1);
    // Told once, not at every attempt: the scope stays missing until the app is reinstalled.
    const unavailable = a.hookLogger.lines.filter((l) => l.msg === 'slack.admin_check_unavailable');
    expect(unavailable.map((l) => [l.level, l.needed])).toEqual([
      ['warn', 'users:read'],
      ['debug', 'users:read'],
    ]);

    // A listed id subscribes; the bot's private answer in the channel proves it can post there.
    await h.send(
      slashCommand({ text: 'subscribe', user: LISTED, responseUrl: h.fake.responseUrl('listed') }),
    );
    const { args } = await h.fake.nthCall('chat.postEphemeral');
    expect(args).toMatchObject({ channel: CHANNEL, user: LISTED });
    expect(String(args.text)).toContain('Subscribed');
    expect(await a.service.store.listSubscriptions()).toEqual([
      expect.objectContaining({ channelId: CHANNEL, subscribedBy: LISTED }),
    ]);
    // Anyone may ask for the status.
    expect(await answer('status', ADMIN, 'status')).toContain(
      'This channel gets the *default* announcements',
    );
    expect(h.fake.callsTo('conversations.history')).toEqual([]);
  });

  it('the Home tab lists subscriptions for a listed id, and tells anyone else why it cannot', async () => {
    a = await startAnnouncing({ admins: [LISTED], prepare: grantRequiredOnly });
    h = a.h;
    await a.subscribe('C0GENERAL1');
    await h.send(eventRequest(homeOpened('home', LISTED)));
    const listed = textsIn((await h.fake.nthCall('views.publish')).args.view).join('\n');
    expect(listed).toContain('<#C0GENERAL1>');

    await h.send(eventRequest(homeOpened('home', ADMIN)));
    const other = textsIn((await h.fake.nthCall('views.publish', 2)).args.view).join('\n');
    expect(other).toContain('installed without the optional `users:read` permission');
    expect(other).not.toContain('C0GENERAL1');
    const line = await logLine(h, (l) => l.msg === 'slack.home_published' && l.announcements === 'no-scope');
    expect(line.level).toBe('info');
  });
});
