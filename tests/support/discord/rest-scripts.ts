// Scripted REST answers for FakeDiscord.messageScripts: rate limits, Discord errors, late answers.

/** A scripted answer to the next message created in a channel (see FakeDiscord.messageScripts). */
export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Answer this much later. With status 200 the message is created at once and only the answer is late,
   * like a request Discord applied but whose response the client gave up on.
   */
  delayMs?: number;
}

/** Discord's 429 for a message: whole seconds in the header, the precise wait and scope in the body. */
export function rateLimited(retryAfterSeconds: number, global = false): ScriptedAnswer {
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
    headers: {
      'retry-after': String(Math.ceil(retryAfterSeconds)),
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
  };
}

/** A Discord JSON error such as 404 Unknown Channel (10003) or 403 Missing Access (50001). */
export function discordError(status: number, code: number, message: string): ScriptedAnswer {
  return { status, body: { message, code } };
}
