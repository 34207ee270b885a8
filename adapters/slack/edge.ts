// The check every POST to /slack/events passes before Bolt's HTTP receiver sees it. Bolt reads
// `body.ssl_check` on whatever JSON a signed request carries, so a signed `null` (or `payload=null`) threw
// inside its request handler and took the process down; and Bolt only rejects old timestamps, while Slack's
// rule is five minutes either way. Here the body is buffered once, the signature and timestamp window are
// checked, the body must parse the way Bolt will parse it into an object, and only then does Bolt get the
// request (with the buffered body, which it reuses instead of reading the stream again).

import type { IncomingMessage, RequestListener } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { defaultBodyLimit, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../../src/core/index.js';
import { errorCode } from './errors.js';

/** Slack's replay window, in seconds, in both directions. */
export const MAX_SKEW_SECONDS = 5 * 60;

const FORM = 'application/x-www-form-urlencoded';

export interface EdgeOptions {
  signingSecret: string;
  logger: Logger;
  /** Paths Bolt serves Slack's requests on. */
  endpoints: readonly string[];
  now?: () => number;
}

type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 413; reason: string };

/** Wraps Bolt's request listener; everything but POSTs to the endpoints goes straight through. */
export function guardRequests(inner: RequestListener, opts: EdgeOptions): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !opts.endpoints.includes(path)) {
      // Bolt throws for unknown routes so its server can answer 404; let it.
      inner(req, res);
      return;
    }
    void screen(req, opts).then(
      (verdict) => {
        if (!verdict.ok) {
          opts.logger.warn('slack.request_rejected', {
            status: verdict.status,
            reason: verdict.reason,
            path,
          });
          res.writeHead(verdict.status).end();
          return;
        }
        try {
          inner(req, res);
        } catch (error) {
          // Bolt only throws here for routes it does not serve, which the check above excludes.
          opts.logger.error('slack.dispatch_failed', { path, code: errorCode(error) });
          if (!res.headersSent) res.writeHead(500).end();
        }
      },
      (error: unknown) => {
        // Reading the request failed (the client went away mid-body): nothing useful can be answered.
        opts.logger.warn('slack.request_unreadable', { path, code: errorCode(error) });
        if (!res.headersSent) res.writeHead(400).end();
      },
    );
  };
}

async function screen(req: IncomingMessage, opts: EdgeOptions): Promise<Verdict> {
  const raw = await readBody(req, typeof defaultBodyLimit === 'number' ? defaultBodyLimit : 4 * 1024 * 1024);
  if (raw === undefined) return { ok: false, status: 413, reason: 'body_too_large' };
  // Bolt looks for the raw body here before reading the stream (which is now drained).
  Object.assign(req, { rawBody: raw });
  const text = raw.toString('utf8');
  const contentType = header(req, 'content-type');
  // Slack's SSL check is unsigned by design; Bolt strips everything else from it and answers 200.
  if (contentType === FORM && parseQuery(text).ssl_check === '1') return { ok: true };

  const signature = header(req, 'x-slack-signature');
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  if (signature === undefined || !Number.isInteger(timestamp)) {
    return { ok: false, status: 401, reason: 'signature_missing' };
  }
  const nowSec = Math.floor((opts.now?.() ?? Date.now()) / 1000);
  if (Math.abs(nowSec - timestamp) > MAX_SKEW_SECONDS) {
    return { ok: false, status: 401, reason: 'timestamp_out_of_window' };
  }
  const valid = isValidSlackRequest({
    signingSecret: opts.signingSecret,
    body: text,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
  });
  if (!valid) return { ok: false, status: 401, reason: 'signature_mismatch' };

  const body = parseLikeBolt(text, contentType);
  if (body === undefined) return { ok: false, status: 400, reason: 'body_not_json' };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, reason: 'body_not_object' };
  }
  return { ok: true };
}

/** Bolt's own parsing: a form's `payload` field is JSON, a form without one is the fields; else JSON. */
function parseLikeBolt(text: string, contentType: string | undefined): unknown {
  try {
    if (contentType === FORM) {
      const fields = parseQuery(text);
      return typeof fields.payload === 'string' ? JSON.parse(fields.payload) : fields;
    }
    return JSON.parse(text);
  } catch (error) {
    // Only a syntax error means "not JSON"; anything else is a bug worth seeing.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The body, or undefined once it passes `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
