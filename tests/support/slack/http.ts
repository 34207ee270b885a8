// Reading and answering HTTP requests the way Slack's Web API does, for FakeSlack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

type Json = Record<string, unknown>;

const jsonRecord = z.record(z.string(), z.unknown());

/** A JSON value that is an object; anything else reads as an empty object. */
export function jsonObject(value: unknown): Json {
  return jsonRecord.safeParse(value).data ?? {};
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** JSON.parse, or undefined for text that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The Web API client sends forms with nested values (blocks, metadata) as JSON strings, or JSON bodies. A
 * value that looks like JSON but is not stays a string, so chat.postMessage refuses it as Slack would.
 */
export function parseArgs(raw: string, contentType: string | undefined): Json {
  if (contentType?.includes('application/json')) return jsonObject(parseJson(raw));
  const args: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? (parseJson(value) ?? value) : value;
  }
  return args;
}

export function send(
  res: ServerResponse,
  body: Json,
  status = 200,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return; // the client gave up waiting
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
