// What went wrong with a Web API call, as codes fit for logs and decisions: Slack's own error
// (`invalid_auth`), a rate limit, an HTTP status, a timeout or a network failure. Never the message, which
// may quote a request.
import { z } from 'zod';
import { CodedError } from '../../src/core/index.js';

/** A Web API platform error, whose `data.error` is Slack's code (e.g. `invalid_auth`). */
const platformError = z.object({ data: z.object({ error: z.string() }) });
const rateLimited = z.object({ code: z.literal('slack_webapi_rate_limited_error'), retryAfter: z.number() });
const httpError = z.object({ code: z.literal('slack_webapi_http_error'), statusCode: z.number() });
const requestError = z.object({
  code: z.literal('slack_webapi_request_error'),
  original: z.object({ name: z.string(), code: z.string().optional() }),
});
const coded = z.object({ code: z.string() });

export type WebApiFailure =
  | { kind: 'platform'; error: string }
  | { kind: 'rate_limited'; retryAfterSec: number }
  | { kind: 'http'; status: number }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string }
  | { kind: 'other'; code: string };

/** Slack's answers that mean the token itself is no good (and will not get better by retrying). */
export const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
  'ekm_access_denied',
]);

export function classify(error: unknown): WebApiFailure {
  const platform = platformError.safeParse(error);
  if (platform.success) return { kind: 'platform', error: platform.data.data.error };
  const limited = rateLimited.safeParse(error);
  if (limited.success) return { kind: 'rate_limited', retryAfterSec: limited.data.retryAfter };
  const http = httpError.safeParse(error);
  if (http.success) return { kind: 'http', status: http.data.statusCode };
  const request = requestError.safeParse(error);
  if (request.success) {
    // The client's `timeout` aborts fetch with a TimeoutError.
    const { name, code } = request.data.original;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
    return { kind: 'network', code: code ?? name };
  }
  return { kind: 'other', code: errorCode(error) };
}

/** Slack's error code from a Web API platform error (`ok: false`), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return platformError.safeParse(error).data?.data.error;
}

/** Slack's missing_scope answer names the scope it wanted. */
const missingScope = z.object({ data: z.object({ error: z.literal('missing_scope'), needed: z.string() }) });

/**
 * The scope Slack said a call lacked, when it refused for that reason ('unknown' if it named none). The
 * manifest's optional scopes (bot_optional) may be declined at install: this is how a call finds out.
 */
export function neededScope(error: unknown): string | undefined {
  if (slackErrorCode(error) !== 'missing_scope') return undefined;
  return missingScope.safeParse(error).data?.data.needed ?? 'unknown';
}

export function errorCode(error: unknown): string {
  const slack = slackErrorCode(error);
  if (slack !== undefined) return slack;
  const code = coded.safeParse(error).data?.code;
  if (code !== undefined) return code;
  return error instanceof Error ? error.name : 'unknown';
}

export type SlackStartCode =
  | 'slack_signing_secret_missing'
  | 'slack_token_rejected'
  | 'slack_api_unavailable'
  | 'slack_api_timeout'
  | 'slack_socket_failed'
  | 'slack_socket_timeout'
  | 'slack_no_port'
  | 'slack_installations_missing';

/** Why Slack could not start: one line for the operator (names the setting to check, never its value). */
export class SlackStartError extends CodedError {
  declare readonly code: SlackStartCode;

  constructor(code: SlackStartCode, message: string) {
    super(code, message);
  }
}
