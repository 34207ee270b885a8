// The terminal adapter's public face: the chat `npm start` runs without tokens, and the plain-text and
// JSON renderings `npm run ask` (and the evaluation) use.
export { type TerminalConfig, terminalEnv, terminalPlatform } from './adapter.js';
export { type ChatInput, type ChatIo, type ChatOutput, runChat } from './chat.js';
export { answerPlain, renderPlain, toJson } from './render.js';
