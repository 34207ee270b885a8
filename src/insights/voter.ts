// One vote per person per answer, without storing who: the store keeps only
// HMAC-SHA256(secret, platform | user | answer token | day), and only until the day is over. Without the
// secret the key cannot be tested against any user id; with it, one would still need the answer's token,
// which lives only in the chat message's button. The token is random per answer message, so it says
// nothing about the question either.
import { createHmac, randomBytes } from 'node:crypto';

/** Random per answer message: 8 bytes as 11 base64url characters. */
export function newAnswerToken(): string {
  return randomBytes(8).toString('base64url');
}

export const ANSWER_TOKEN = /^[A-Za-z0-9_-]{11}$/;

export interface VoterParts {
  platform: string;
  user: string;
  token: string;
  day: string;
}

export function voterKey(secret: Uint8Array | string, parts: VoterParts): string {
  return createHmac('sha256', secret)
    .update([parts.platform, parts.user, parts.token, parts.day].join('\u0000'))
    .digest('base64url')
    .slice(0, 32);
}
