// Turns the core's platform-neutral Reply into a Discord message: one embed (title, answer, numbered steps,
// sources in the footer), link buttons, and buttons for follow-ups or "did you mean" choices. Every part is
// cut to Discord's limits, and mentions are disabled so no text can ping anyone.

import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import {
  checkedDates,
  fill,
  type Reply,
  type ReplyChoice,
  type ReplyDate,
  renderDates,
} from '../../src/core/index.js';
import type { VoteTag } from '../kit/index.js';
import { answerButtonId, voteButtonId } from './custom-ids.js';
import { LIMITS, truncate } from './limits.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** A message body that works for channel messages, interaction replies and edits alike. */
export interface DiscordPayload {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Always empty: answers may quote user input, and nothing the bot sends should notify anyone. */
  allowedMentions: { parse: [] };
}

export interface RenderOptions {
  /** Add a field per date with Discord's live relative time ("in 3 days"): for countdowns. */
  relativeDates?: boolean;
}

/** A two-part question answers two things; more would not read as one reply. */
const MAX_PARTS = 2;

// LinkedIn blue for answers, amber when the bot is guessing, grey when it has nothing.
const COLORS: Record<Reply['status'], number> = {
  answered: 0x0a66c2,
  suggested: 0xe7a33e,
  fallback: 0x86888a,
};

/** Discord renders `<t:…>` in each reader's own time zone and language. */
function discordDate(date: ReplyDate): string {
  return `<t:${Math.floor(date.unix)}:D>`;
}

function description(reply: Reply): string {
  const body = renderDates(reply.text, reply.dates, discordDate).trim();
  if (reply.steps.length === 0) return body;
  const steps = reply.steps.map((step, i) => `${i + 1}. ${renderDates(step, reply.dates, discordDate)}`);
  return [body, steps.join('\n')].filter(Boolean).join('\n\n');
}

// The core's text says "in 14 days" as of the moment it answered; a field with Discord's relative time
// keeps counting as the message ages. A field, not inline, so the sentence does not say it twice.
function countdownFields(reply: Reply): APIEmbedField[] {
  const unique = [...new Set(reply.dates.map((d) => Math.floor(d.unix)))].slice(0, 3);
  return unique.map((unix) => ({
    name: reply.labels.when,
    value: `<t:${unix}:D> · <t:${unix}:R>`,
    inline: true,
  }));
}

// Footers cannot render links or timestamps, so sources are named there in plain text; the title links to
// the first source that has an address.
function footer(reply: Reply): string | undefined {
  if (reply.sources.length === 0) return undefined;
  const names = reply.sources.map((s) => s.title).join(' · ');
  const checked = checkedDates(reply.sources).at(-1);
  return truncate(fill(reply.labels.sources, { titles: names, checked: checked ?? '' }), LIMITS.embedFooter);
}

/** A two-part question's other answers: one small embed each, within what the message total leaves. */
function partEmbeds(reply: Reply, room: number): APIEmbed[] {
  const parts = (reply.also ?? []).slice(0, MAX_PARTS);
  const each = Math.floor(room / Math.max(1, parts.length));
  return parts.map((part) => {
    const title = truncate(part.title, LIMITS.embedTitle);
    return {
      title,
      description: truncate(description(part), Math.max(0, each - title.length)),
      color: COLORS[reply.status],
    };
  });
}

function embed(reply: Reply, opts: RenderOptions, reserved = 0): APIEmbed {
  // Titles are plain text too: dates there use the plain rendering.
  const title = truncate(
    renderDates(reply.title, reply.dates, (d) => d.fallback).trim() || reply.labels.defaultTitle,
    LIMITS.embedTitle,
  );
  const footerText = footer(reply);
  const fields = opts.relativeDates ? countdownFields(reply) : [];
  // The description gets whatever the 6,000-character embed total leaves after every other part.
  const others = [title, footerText ?? '', ...fields.flatMap((f) => [f.name, f.value])];
  const room = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - reserved - others.join('').length);
  const text = truncate(description(reply), room);
  const url = reply.sources.find((s) => s.url && s.url.length <= LIMITS.buttonUrl)?.url;
  return {
    title,
    ...(text ? { description: text } : {}),
    ...(url ? { url } : {}),
    color: COLORS[reply.status],
    ...(fields.length > 0 ? { fields } : {}),
    ...(footerText ? { footer: { text: footerText } } : {}),
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

function buttons(reply: Reply): ButtonRow[] {
  const links: APIButtonComponent[] = reply.links
    .filter((l) => /^https?:\/\//.test(l.url) && l.url.length <= LIMITS.buttonUrl)
    .map((l) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: truncate(l.label, LIMITS.buttonLabel),
      url: l.url,
    }));
  // Discord rejects a message whose buttons repeat a custom id, so each entry is offered once.
  const seen = new Set<string>();
  const choices: APIButtonComponent[] = [];
  for (const choice of reply.followUps) {
    const customId = answerButtonId(choice.id, reply.language);
    if (seen.has(customId) || customId.length > LIMITS.customId) continue;
    seen.add(customId);
    choices.push({
      type: ComponentType.Button,
      // "Did you mean" choices are the point of a suggested reply; follow-ups are secondary.
      style: reply.status === 'suggested' ? ButtonStyle.Primary : ButtonStyle.Secondary,
      label: truncate(
        renderDates(choice.question, reply.dates, (d) => d.fallback),
        LIMITS.buttonLabel,
      ),
      custom_id: customId,
    });
  }
  const rows = [...chunk(links, LIMITS.buttonsPerRow), ...chunk(choices, LIMITS.buttonsPerRow)];
  return rows
    .slice(0, LIMITS.rowsPerMessage)
    .map((components) => ({ type: ComponentType.ActionRow, components }));
}

/** The Discord message for a reply from the core. */
export function renderReply(reply: Reply, opts: RenderOptions = {}): DiscordPayload {
  // The 6,000-character total covers every embed in a message: parts get up to a third of it.
  const parts = partEmbeds(reply, Math.floor(LIMITS.embedTotal / 3));
  const reserved = parts.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0), 0);
  return {
    embeds: [embed(reply, opts, reserved), ...parts],
    components: buttons(reply),
    allowedMentions: { parse: [] },
  };
}

/** A short plain-text message (notices, errors), also with mentions disabled. */
export function renderNotice(text: string): DiscordPayload {
  return {
    content: truncate(text, LIMITS.content),
    embeds: [],
    components: [],
    allowedMentions: { parse: [] },
  };
}

/** 👍 and 👎 for one answer, as their own row. */
function voteRow(tag: VoteTag, reply: Reply): ButtonRow | undefined {
  const ids = [voteButtonId(tag, true), voteButtonId(tag, false)];
  if (ids.some((id) => id.length > LIMITS.customId)) return undefined;
  const labels = [reply.labels.feedbackUp, reply.labels.feedbackDown];
  return {
    type: ComponentType.ActionRow,
    components: ids.map((custom_id, i) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: truncate(labels[i] ?? '', LIMITS.buttonLabel),
      custom_id,
    })),
  };
}

/** An answer to a person: the reply, with 👍 / 👎 as its last row when the gate tagged it for votes. */
export function renderAnswer(
  reply: Reply,
  vote: VoteTag | undefined,
  opts: RenderOptions = {},
): DiscordPayload {
  const payload = renderReply(reply, opts);
  const row = vote ? voteRow(vote, reply) : undefined;
  if (!row) return payload;
  // The vote row always fits: it takes the place of the last row when the message is full.
  return { ...payload, components: [...payload.components.slice(0, LIMITS.rowsPerMessage - 1), row] };
}

/** A private notice with questions to ask instead, as answer buttons (what a 👎 gets back). */
export function renderNoticeWithChoices(
  text: string,
  choices: readonly ReplyChoice[],
  language = 'en',
): DiscordPayload {
  const components: APIButtonComponent[] = choices
    .map((c) => ({ c, customId: answerButtonId(c.id, language) }))
    .filter(({ customId }) => customId.length <= LIMITS.customId)
    .slice(0, LIMITS.buttonsPerRow)
    .map(({ c, customId }) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: truncate(c.question, LIMITS.buttonLabel),
      custom_id: customId,
    }));
  const notice = renderNotice(text);
  return components.length > 0
    ? { ...notice, components: [{ type: ComponentType.ActionRow, components }] }
    : notice;
}
