// What FakeDiscord records for tests to assert on: every REST call, and the messages it created.

export interface RestCall {
  method: string;
  /** Path after /api/v10, URL-decoded (so `@original` reads as such). */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Milliseconds since the fake started. */
  at: number;
  /** Whether it carried the bot token. */
  authorized: boolean;
}

export interface CreatedMessage {
  channelId: string;
  id: string;
  nonce: string | undefined;
  /** Milliseconds since the fake started. */
  at: number;
}
