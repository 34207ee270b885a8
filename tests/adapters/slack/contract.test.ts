// Slack through the adapter contract: the real PlatformAdapter started as the app starts it, Bolt's real
// HTTP receiver on 127.0.0.1, signed slash commands and button clicks, the Slack stand-in for the Web API.
import { bind } from '../../../adapters/kit/index.js';
import { slackPlatform } from '../../../adapters/slack/index.js';
import {
  adapterContract,
  contractContext,
  type SeenReply,
} from '../../support/contracts/adapter-contract.js';
import { FakeSlack } from '../../support/slack/fake-slack.js';
import { buttonsIn, textsIn } from '../../support/slack/harness.js';
import { blockAction, postToBolt, SIGNING_SECRET, slashCommand } from '../../support/slack/requests.js';
import { slackLimitProblems } from '../../support/slack/slack-limits.js';

const users = new Map<string, string>();
const slackUser = (name: string) => {
  const id = users.get(name) ?? `U${String(users.size + 1).padStart(8, '0')}`;
  users.set(name, id);
  return id;
};

function seen(raw: unknown): SeenReply {
  const message = raw && typeof raw === 'object' ? raw : {};
  const blocks = 'blocks' in message ? message.blocks : undefined;
  const text = 'text' in message && typeof message.text === 'string' ? message.text : '';
  return {
    text: [...textsIn(blocks), ...(blocks ? [] : [text])].join('\n'),
    followUps: buttonsIn(blocks)
      .filter((b) => b.action_id.startsWith('answer:'))
      .map((b) => b.text.text),
    raw,
  };
}

adapterContract({
  name: 'slack',
  manyUsers: true,
  mentions: true,
  async start({ bot, clock, cooldown }) {
    const fake = await FakeSlack.start();
    const platform = bind(slackPlatform, {
      botToken: 'xoxb-contract-bot-token',
      signingSecret: SIGNING_SECRET,
      appToken: undefined,
      apiUrl: fake.apiUrl,
      announceAdmins: [],
      port: 0,
      host: '127.0.0.1',
    });
    const handle = await platform
      .start(contractContext('slack', { bot, clock, cooldown }))
      .catch(async (error: unknown) => {
        await fake.close();
        throw error;
      });
    const port = handle.details?.port;
    const events = `http://127.0.0.1:${String(port)}/slack/events`;
    let hooks = 0;
    return {
      async ask(question, user) {
        const res = await postToBolt(
          events,
          slashCommand({ text: question, user: slackUser(user), responseUrl: fake.responseUrl('cmd') }),
        );
        // An empty acknowledgement shows the user nothing.
        return res.body === '' ? undefined : seen(JSON.parse(res.body));
      },
      async followUp(reply, index, user) {
        const button = buttonsIn(
          reply.raw && typeof reply.raw === 'object' && 'blocks' in reply.raw ? reply.raw.blocks : [],
        ).filter((b) => b.action_id.startsWith('answer:'))[index];
        if (!button) throw new Error(`no follow-up ${index}`);
        const hook = `follow-${++hooks}`;
        await postToBolt(
          events,
          blockAction({
            actionId: button.action_id,
            value: button.value ?? '',
            where: 'ephemeral',
            user: slackUser(user),
            responseUrl: fake.responseUrl(hook),
          }),
        );
        return seen((await fake.nthPost(hook)).body);
      },
      pings: (reply) => /<!(everyone|channel|here|subteam)|<@[UW]/.test(JSON.stringify(reply.raw)),
      limitProblems: (reply) => slackLimitProblems(reply.raw),
      async stop() {
        await handle.stop();
        await fake.close();
      },
    };
  },
});
