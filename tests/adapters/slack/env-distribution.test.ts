// Slack's preset choosing between one workspace (SLACK_BOT_TOKEN) and distribution (SLACK_CLIENT_ID,
// SLACK_CLIENT_SECRET, SLACK_STATE_SECRET with SLACK_SIGNING_SECRET): each bad combination is named by its
// variable, no secret is echoed, and the secret patterns redact every kind of token distribution brings.
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTALLATION_STORE, slackEnv } from '../../../adapters/slack/env.js';
import { redact } from '../../../src/core/log.js';

const base = { http: { port: 8080, host: '127.0.0.1' } };
const DISTRIBUTED = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: 'client-secret-value',
  SLACK_STATE_SECRET: 'x'.repeat(40),
  SLACK_SIGNING_SECRET: 'signing-secret-value',
};

function problemsOf(env: Record<string, string>): string[] {
  const parsed = slackEnv.parse(env, base);
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems;
}

describe('Slack distributed mode in the preset', () => {
  it('the three OAuth variables and the signing secret select distributed mode with the default store', () => {
    expect(slackEnv.parse(DISTRIBUTED, base)).toEqual({
      ok: true,
      config: {
        apiUrl: undefined,
        port: 8080,
        host: '127.0.0.1',
        signingSecret: 'signing-secret-value',
        announceAdmins: [],
        distribution: {
          clientId: '1111111111.2222222222',
          clientSecret: 'client-secret-value',
          stateSecret: 'x'.repeat(40),
          installationStore: DEFAULT_INSTALLATION_STORE,
          redirectUri: undefined,
        },
      },
    });
  });

  it('a Postgres store and a redirect URL are taken as given', () => {
    const parsed = slackEnv.parse(
      {
        ...DISTRIBUTED,
        SLACK_INSTALLATION_STORE: 'postgres://bot:pw@db.internal/bot',
        SLACK_REDIRECT_URI: 'https://bot.example/slack/oauth_redirect',
      },
      base,
    );
    expect(parsed).toMatchObject({
      ok: true,
      config: {
        distribution: {
          installationStore: 'postgres://bot:pw@db.internal/bot',
          redirectUri: 'https://bot.example/slack/oauth_redirect',
        },
      },
    });
  });

  it.each(['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'])(
    'without %s, that variable is named as missing',
    (missing) => {
      const env: Record<string, string> = { ...DISTRIBUTED };
      delete env[missing];
      expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${missing} is required`))]);
    },
  );

  it('a bot token, an app token or an admin list beside them is named, and no value is echoed', () => {
    const problems = problemsOf({
      ...DISTRIBUTED,
      SLACK_BOT_TOKEN: 'xoxb-do-not-echo',
      SLACK_APP_TOKEN: 'xapp-do-not-echo',
      SLACK_ANNOUNCE_ADMINS: 'U1,U2',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'SLACK_ANNOUNCE_ADMINS',
    ]);
    expect(problems.join('\n')).not.toMatch(/do-not-echo|client-secret-value/);
  });

  it('a malformed client id, a short state secret and a wrong redirect path are each named', () => {
    const problems = problemsOf({
      ...DISTRIBUTED,
      SLACK_CLIENT_ID: 'abc',
      SLACK_STATE_SECRET: 'short',
      SLACK_REDIRECT_URI: 'https://bot.example/oauth',
    });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'SLACK_CLIENT_ID',
      'SLACK_REDIRECT_URI',
      'SLACK_STATE_SECRET',
    ]);
    expect(problems.join('\n')).not.toContain('short');
  });

  it('the store and redirect variables without distribution are named as unused', () => {
    expect(
      problemsOf({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        SLACK_INSTALLATION_STORE: './x.sqlite',
      }),
    ).toEqual(['SLACK_INSTALLATION_STORE is only used to distribute the app (with SLACK_CLIENT_ID)']);
  });

  it('single-workspace mode reads as before, with no distribution', () => {
    const parsed = slackEnv.parse(
      { SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 's', SLACK_ANNOUNCE_ADMINS: 'U1 U2' },
      base,
    );
    expect(parsed).toEqual({
      ok: true,
      config: {
        apiUrl: undefined,
        port: 8080,
        host: '127.0.0.1',
        botToken: 'xoxb-1-2',
        signingSecret: 's',
        appToken: undefined,
        announceAdmins: ['U1', 'U2'],
      },
    });
  });

  it('rotating tokens, refresh tokens and a store URL password are redacted', () => {
    const line = redact(
      'xoxe.xoxb-1-abc.def xoxe-1-refresh-abc xoxb-2-plain postgres://bot:hunter2@db/x',
      slackEnv.secrets,
    );
    expect(line).not.toMatch(/abc|plain|hunter2/);
    expect(line).toContain('postgres://bot:[redacted]@db/x');
  });

  it('the client secret in the Web API client’s debug line for oauth.v2.access is redacted', () => {
    const line = redact(
      'http request body: {"client_id":"1.2","client_secret":"the-client-secret","code":"c"}',
      slackEnv.secrets,
    );
    expect(line).not.toContain('the-client-secret');
    expect(line).toContain('"client_id":"1.2"');
  });
});
