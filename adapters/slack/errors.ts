// Error codes for logs: Slack's own (`invalid_auth`), the Web API client's (`slack_webapi_request_error`),
// Node's (`ECONNREFUSED`), or the error's name. Never the message, which may quote user text.
import { z } from 'zod';

/** A Web API platform error, whose `data.error` is Slack's code (e.g. `invalid_auth`). */
const platformError = z.object({ data: z.object({ error: z.string() }) });
const coded = z.object({ code: z.string() });

/** Slack's error code from a Web API platform error (`ok: false`), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return platformError.safeParse(error).data?.data.error;
}

export function errorCode(error: unknown): string {
  const slack = slackErrorCode(error);
  if (slack !== undefined) return slack;
  const code = coded.safeParse(error).data?.code;
  if (code !== undefined) return code;
  return error instanceof Error ? error.name : 'unknown';
}
