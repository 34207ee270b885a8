// The slash command. Answers come back in the acknowledgement itself (the core answers synchronously), so
// Slack gets them well within its 3 seconds, ephemeral, with a button to share them in the channel.

import type { AckFn, App, RespondArguments, RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { routeQuestion } from '../kit/index.js';
import { ANNOUNCEMENT_SUBCOMMANDS, type AnnouncementSubcommand, type SlackDeps } from './deps.js';
import { escapeText, toPlainQuestion } from './escape.js';
import { needsLocale } from './locale.js';
import { section, verbatim } from './render.js';
import { answerMessage } from './reply-message.js';

export const NOT_SET_UP =
  "Announcements aren't set up for this workspace yet. For now, ask me anything with the command.";

type SlashAck = AckFn<string | RespondArguments>;

export function registerCommands(app: App, deps: SlackDeps): void {
  // Any slash command routed to this app is ours: an admin may rename /optout in the manifest.
  app.command(/^\//, async ({ command, ack, respond, client }) => {
    const user = `${command.team_id}:${command.user_id}`;
    // One friendly notice when a flood starts, then silence until it stops (an empty ack shows nothing).
    const refuse = (notice: string, repeat: boolean) =>
      ack(repeat ? undefined : { response_type: 'ephemeral', text: notice });
    // Slack omits `text` from some commands with no argument: that is an empty question.
    const text = toPlainQuestion(typeof command.text === 'string' ? command.text : '');
    const [first = '', ...rest] = text.split(' ');
    const sub = ANNOUNCEMENT_SUBCOMMANDS.find((s) => s === first.toLowerCase());
    if (sub) {
      const verdict = await deps.gate.admit(user);
      if (verdict !== 'allow') {
        deps.logger.info('slack.cooldown', { via: 'command', verdict });
        await refuse(deps.bot.say('cooldown.notice'), verdict === 'silent');
        return;
      }
      await announcement(deps, sub, rest.join(' '), { command, ack, respond, client });
      return;
    }
    const locale = needsLocale(text)
      ? await deps.locales.localeOf(client, command.team_id, command.user_id)
      : undefined;
    await deps.gate.handle(
      { via: 'command', user, asked: routeQuestion(text), locale },
      {
        answer: async (reply, asked, vote) => {
          // The list quotes the command's name as the workspace set it up: verbatim, like any echoed text.
          const extra = asked.kind === 'help' ? [section(verbatim(commandList(command.command)))] : [];
          const message = answerMessage(deps.bot, asked, reply, { ephemeral: true, extra, vote });
          await ack({ response_type: 'ephemeral', ...message });
        },
        cooldown: refuse,
        failed: (notice) => ack({ response_type: 'ephemeral', text: notice }),
      },
    );
  });
}

async function announcement(
  deps: SlackDeps,
  sub: AnnouncementSubcommand,
  args: string,
  {
    command,
    ack,
    respond,
    client,
  }: { command: SlashCommand; ack: SlashAck; respond: RespondFn; client: webApi.WebClient },
): Promise<void> {
  if (!deps.announcements) {
    await ack({ response_type: 'ephemeral', text: NOT_SET_UP });
    deps.logger.info('slack.announcements', { sub, outcome: 'not-set-up' });
    return;
  }
  // The hook may call Slack (admin checks, storage): acknowledge first, answer through response_url.
  await ack();
  const answer = await deps.announcements.handle(sub, {
    args,
    teamId: command.team_id,
    channelId: command.channel_id,
    userId: command.user_id,
    client,
    locale: () => deps.locales.localeOf(client, command.team_id, command.user_id),
  });
  // The hook may have shown its answer in the channel itself (SHOWN).
  if (typeof answer === 'string') await respond({ response_type: 'ephemeral', text: answer });
  else if (!('shown' in answer)) await respond({ response_type: 'ephemeral', ...answer });
  deps.logger.info('slack.announcements', { sub, outcome: 'handled' });
}

/** The sub-commands, under the name this workspace gave the command. */
export function commandList(name: string): string {
  const cmd = `\`${escapeText(name)}\``;
  return [
    '*Commands*',
    `${cmd} — how to opt out, with the direct settings link and the objection form`,
    `${cmd} _your question_ — an answer to a question about LinkedIn's AI training`,
    `${cmd} deadline — when the data use starts, or how long ago it started`,
    `${cmd} help — this list`,
    `${cmd} subscribe · unsubscribe · status — announcements in this channel`,
    'Mention me in a channel or send me a direct message to ask there.',
  ].join('\n');
}
