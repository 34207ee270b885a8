// The terminal through the adapter contract: the real PlatformAdapter on a pair of streams, read the way a
// person reads the chat (everything printed between one prompt and the next).
import { PassThrough } from 'node:stream';
import { bind } from '../../../adapters/kit/index.js';
import { terminalPlatform } from '../../../adapters/terminal/index.js';
import {
  adapterContract,
  contractContext,
  type SeenReply,
} from '../../support/contracts/adapter-contract.js';

const PROMPT = '> ';

adapterContract({
  name: 'terminal',
  // One person at one terminal: there is no second user for a cooldown to spare, and nobody to ping.
  manyUsers: false,
  mentions: false,
  async start({ bot, clock, cooldown }) {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    const waiters: Array<() => void> = [];
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      for (const wake of waiters.splice(0)) wake();
    });
    const handle = await bind(terminalPlatform(), { input, output }).start(
      contractContext('terminal', { bot, clock, cooldown }),
    );
    /** Type a line and resolve with what was printed before the next prompt. */
    const type = async (line: string): Promise<SeenReply> => {
      const from = printed.length;
      input.write(`${line}\n`);
      while (!printed.slice(from).endsWith(PROMPT)) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      const text = printed.slice(from, -PROMPT.length).trim();
      const followUps = [...text.matchAll(/^ {2}\[\d+\] (.+)$/gm)].map((m) => m[1] ?? '');
      return { text, followUps, raw: text };
    };
    return {
      ask: (question) => type(question),
      followUp: (_reply, index) => type(String(index + 1)),
      pings: () => false,
      limitProblems: () => [],
      async stop() {
        input.end();
        await handle.stop();
      },
    };
  },
});
