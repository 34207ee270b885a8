// What FakeSlack adds for the admin features: which scope each Web API method needs (so a bot token
// installed without an optional scope gets Slack's missing_scope answer), and views.publish for the App
// Home, checked the way Slack checks a home view. No HTTP here: FakeSlack routes calls to it.
type Json = Record<string, unknown>;

/** Slack's limit on a home view's blocks (a message allows 50). */
export const HOME_VIEW_MAX_BLOCKS = 100;

/** The bot scope a method needs for these arguments, from Slack's method reference; undefined: none. */
export function neededScope(method: string, args: Json): string | undefined {
  const channel = typeof args.channel === 'string' ? args.channel : '';
  // Public channels start with C, private ones with G (older) or C, DMs with D; the stand-in's private
  // channels start with G, so the history scope can be told from the id.
  const kind = channel.startsWith('G') ? 'groups' : channel.startsWith('D') ? 'im' : 'channels';
  switch (method) {
    case 'chat.postMessage':
    case 'chat.postEphemeral':
      return 'chat:write';
    case 'conversations.history':
      return `${kind}:history`;
    case 'conversations.info':
      return `${kind}:read`;
    case 'users.info':
      return 'users:read';
    default:
      // auth.test, views.publish and apps.connections.open need none.
      return undefined;
  }
}

/** Slack's refusal when the token lacks the scope `method` needs; undefined when it may go ahead. */
export function missingScope(granted: ReadonlySet<string> | undefined, method: string, args: Json) {
  const needed = neededScope(method, args);
  if (!granted || needed === undefined || granted.has(needed)) return undefined;
  return { ok: false, error: 'missing_scope', needed, provided: [...granted].join(',') };
}

/** views.publish: a home view for one user, as Slack validates it (type, user, at most 100 blocks). */
export function publishAnswer(args: Json, seq: number): Json {
  const view = args.view;
  const invalid = (message: string) => ({
    ok: false,
    error: 'invalid_arguments',
    response_metadata: { messages: [message] },
  });
  if (typeof args.user_id !== 'string' || !args.user_id) return invalid('invalid `user_id`');
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return invalid('invalid `view`');
  if (!('type' in view) || view.type !== 'home') return invalid('`view.type` must be home');
  const blocks = 'blocks' in view ? view.blocks : undefined;
  if (!Array.isArray(blocks)) return invalid('`view.blocks` is required');
  if (blocks.length > HOME_VIEW_MAX_BLOCKS)
    return invalid('no more than 100 items allowed [json-pointer:/view/blocks]');
  return { ok: true, view: { id: `V${String(seq).padStart(8, '0')}`, type: 'home', blocks } };
}
