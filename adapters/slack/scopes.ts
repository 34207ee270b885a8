// The bot scopes the "Add to Slack" install asks for: the manifest's (manifest.yaml, oauth_config.scopes;
// a test keeps the two equal). The optional ones are requested too: the app's configuration marks them
// optional (bot_optional), so the person installing may decline them, and every path that needs one
// handles its absence (see manifest.yaml's notes).
export const REQUIRED_BOT_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'im:history'] as const;
export const OPTIONAL_BOT_SCOPES = ['channels:history', 'groups:history', 'users:read'] as const;
export const INSTALL_SCOPES: readonly string[] = [...REQUIRED_BOT_SCOPES, ...OPTIONAL_BOT_SCOPES];

/** Where the install starts and where Slack sends the installer back (the redirect URL to register). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
