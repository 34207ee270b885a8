// The terminal adapter's public face: the chat `npm start` runs without tokens, and the plain-text and
// JSON renderings `npm run ask` (and the evaluation) use.
export { runChat, type TerminalConfig, terminalEnv, terminalPlatform } from './adapter.js';
export type { ChatInput, ChatIo, ChatOutput } from './chat.js';
export { answerPlain, renderPlain, toJson } from './render.js';
