// Slack's side of OAuth for FakeSlack: oauth.v2.access exchanging an install's code for a bot token, and
// (token rotation) a refresh token for a new token. Codes are granted by the test, as if someone had
// approved the install on Slack's consent page; every exchange is counted.

type Json = Record<string, unknown>;

/** What someone approving the install on Slack's consent page decided. */
export interface InstallGrant {
  teamId?: string;
  enterpriseId?: string;
  /** An org-wide (Enterprise Grid) install: no team, the enterprise instead. */
  orgWide?: boolean;
  installerId: string;
  /** The bot token issued; with rotation, `xoxe.xoxb-...` plus a refresh token. */
  botToken: string;
  rotation?: { refreshToken: string; expiresInS: number };
  /** The scopes granted (optional ones may have been declined). */
  scopes: string[];
}

export class FakeOAuth {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly #grants = new Map<string, InstallGrant>();
  /** Refresh token -> how many times it was exchanged. */
  readonly refreshes = new Map<string, number>();
  /** Code exchanges made, in order. */
  readonly exchanges: string[] = [];
  /** How long a refresh exchange takes (widens the window two racing hosts would both fall into). */
  refreshDelayMs = 0;
  #issued = 0;

  constructor(clientId: string, clientSecret: string) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  grant(code: string, grant: InstallGrant): void {
    this.#grants.set(code, grant);
  }

  get refreshCount(): number {
    return [...this.refreshes.values()].reduce((a, b) => a + b, 0);
  }

  async answer(args: Json): Promise<Json> {
    if (args.client_id !== this.clientId || args.client_secret !== this.clientSecret) {
      return { ok: false, error: 'invalid_client_id' };
    }
    if (args.grant_type === 'refresh_token') return this.#refresh(String(args.refresh_token));
    const code = String(args.code);
    const grant = this.#grants.get(code);
    if (!grant) return { ok: false, error: 'invalid_code' };
    // A code works once.
    this.#grants.delete(code);
    this.exchanges.push(code);
    return {
      ok: true,
      app_id: 'A0000001',
      authed_user: { id: grant.installerId },
      scope: grant.scopes.join(','),
      token_type: 'bot',
      access_token: grant.botToken,
      bot_user_id: 'UBOT0001',
      team: grant.orgWide ? null : { id: grant.teamId, name: 'Loopback' },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: 'Loopback Grid' } : null,
      is_enterprise_install: grant.orgWide ?? false,
      ...(grant.rotation
        ? { refresh_token: grant.rotation.refreshToken, expires_in: grant.rotation.expiresInS }
        : {}),
    };
  }

  async #refresh(refreshToken: string): Promise<Json> {
    this.refreshes.set(refreshToken, (this.refreshes.get(refreshToken) ?? 0) + 1);
    if (this.refreshDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.refreshDelayMs));
    this.#issued += 1;
    return {
      ok: true,
      token_type: 'bot',
      access_token: `xoxe.xoxb-rotated-${this.#issued}`,
      refresh_token: `xoxe-1-refresh-${this.#issued}`,
      expires_in: 43_200,
    };
  }
}
