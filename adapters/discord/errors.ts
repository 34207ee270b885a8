// Coded errors the Discord adapter throws, so the app and the logs can tell failures apart by `code`
// without reading messages (which may one day carry detail an operator should not paste anywhere).

import { CodedError } from '../../src/core/index.js';

export type DiscordErrorCode =
  | 'discord_start_failed'
  | 'discord_start_timeout'
  | 'discord_guard_unavailable'
  /** `npm run discord:register` was given options it cannot run (exit code 2). */
  | 'discord_register_usage'
  /** Discord refused the commands' installation contexts (User Install is off for the application). */
  | 'discord_register_refused';

export class DiscordError extends CodedError {
  declare readonly code: DiscordErrorCode;
  constructor(code: DiscordErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Start-up did not reach ready: bad token, gateway refused the intents, or it took too long. */
export class DiscordStartError extends DiscordError {
  constructor(
    code: Extract<DiscordErrorCode, 'discord_start_failed' | 'discord_start_timeout'>,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
