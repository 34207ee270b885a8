// `npm run bench`: every benchmark side by side with its baseline, in one run. Medians and ratios.
import { loadKnowledge } from '../src/knowledge/load.js';
import { benchCore } from './core.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
benchCore(loadKnowledge(), out);
