// Requests for the distributed-mode tests: events from a given workspace (or an org-wide install), and
// the two browser steps of an install (GET /slack/install, then Slack's redirect back with the state cookie).
import { randomUUID } from 'node:crypto';
import { eventCallback, type SlackRequest } from './requests.js';

export interface Workspace {
  teamId: string;
  enterpriseId?: string;
  orgWide?: boolean;
}

/** An event callback as Slack sends it for an event in workspace `w`. */
export function workspaceEvent(w: Workspace, event: Record<string, unknown>): SlackRequest {
  const base = eventCallback(event, `Ev${randomUUID().slice(0, 8)}`);
  const body = {
    ...base,
    team_id: w.teamId,
    ...(w.enterpriseId ? { enterprise_id: w.enterpriseId } : {}),
    ...(w.orgWide ? { is_enterprise_install: true } : {}),
    authorizations: [
      {
        team_id: w.teamId,
        enterprise_id: w.enterpriseId ?? null,
        user_id: 'UBOT0001',
        is_bot: true,
        is_enterprise_install: w.orgWide ?? false,
      },
    ],
  };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

export interface InstallStart {
  status: number;
  /** Where the browser is sent: Slack's consent page. */
  location: URL;
  /** The state cookie Bolt set, as the browser would send it back. */
  cookie: string;
  state: string;
}

/** GET /slack/install as a browser would, without following the redirect. */
export async function startInstall(baseUrl: string): Promise<InstallStart> {
  const res = await fetch(`${baseUrl}/slack/install`, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? 'about:blank');
  const setCookie = res.headers.get('set-cookie') ?? '';
  return {
    status: res.status,
    location,
    cookie: setCookie.split(';')[0] ?? '',
    state: location.searchParams.get('state') ?? '',
  };
}

/** Slack sending the browser back with the code, the state, and the cookie from startInstall. */
export async function finishInstall(
  baseUrl: string,
  code: string,
  start: Pick<InstallStart, 'cookie' | 'state'>,
): Promise<{ status: number; body: string }> {
  const url = `${baseUrl}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(start.state)}`;
  const res = await fetch(url, { redirect: 'manual', headers: start.cookie ? { cookie: start.cookie } : {} });
  return { status: res.status, body: await res.text() };
}
