/** Decoding of the English service-message templates of the HTML export (§6.5). */

/** A decoded service sentence. */
export interface ServiceDecoded {
  readonly action: string;
  readonly actor?: string;
  readonly members?: readonly string[];
  readonly title?: string;
  readonly inviter?: string;
  readonly durationSeconds?: number;
}

type Rule = readonly [RegExp, (m: RegExpExecArray, split: (s: string) => string[]) => ServiceDecoded];

// «» come from &laquo;/&raquo;. Order matters: the more specific sentence first. Names are greedy-safe because
// every template ends with fixed words.
const RULES: readonly Rule[] = [
  [
    /^(.+) created group «(.*)» with members (.+)$/s,
    (m, s) => ({ action: 'create_group', actor: m[1]!, title: m[2]!, members: s(m[3]!) }),
  ],
  [
    /^(.+) created group «(.*)»$/s,
    (m) => ({ action: 'create_group', actor: m[1]!, title: m[2]!, members: [] }),
  ],
  [/^Channel title changed to «(.*)»$/s, (m) => ({ action: 'edit_group_title', title: m[1]! })],
  [
    /^(.+) changed group title to «(.*)»$/s,
    (m) => ({ action: 'edit_group_title', actor: m[1]!, title: m[2]! }),
  ],
  [/^Channel photo changed$/, () => ({ action: 'edit_group_photo' })],
  [/^(.+) changed group photo$/s, (m) => ({ action: 'edit_group_photo', actor: m[1]! })],
  [/^Channel photo removed$/, () => ({ action: 'delete_group_photo' })],
  [/^(.+) removed group photo$/s, (m) => ({ action: 'delete_group_photo', actor: m[1]! })],
  [
    /^(.+) invited (.+) to the voice chat$/s,
    (m, s) => ({ action: 'invite_to_group_call', actor: m[1]!, members: s(m[2]!) }),
  ],
  [
    /^(.+) joined group by link from (.+)$/s,
    (m) => ({ action: 'join_group_by_link', actor: m[1]!, inviter: m[2]! }),
  ],
  [/^(.+) joined group by request$/s, (m) => ({ action: 'join_group_by_request', actor: m[1]! })],
  [/^Channel «(.*)» created$/s, (m) => ({ action: 'create_channel', title: m[1]! })],
  [
    /^(.+) converted this group to a supergroup$/s,
    (m) => ({ action: 'migrate_to_supergroup', actor: m[1]! }),
  ],
  [
    /^(.+) converted a basic group to this supergroup «(.*)»$/s,
    (m) => ({ action: 'migrate_from_group', actor: m[1]!, title: m[2]! }),
  ],
  [/^(.+) pinned this message$/s, (m) => ({ action: 'pin_message', actor: m[1]! })],
  [/^History cleared$/, () => ({ action: 'clear_history' })],
  [/^(.+) scored \d+ in this game$/s, (m) => ({ action: 'score_in_game', actor: m[1]! })],
  [
    /^(You have successfully transferred .+|You were charged .+ via recurring payment)$/s,
    () => ({ action: 'send_payment' }),
  ],
  [/^(.+) took a screenshot$/s, (m) => ({ action: 'take_screenshot', actor: m[1]! })],
  [
    /^You allowed this bot to message you when you added it in the attachment menu\.$/,
    () => ({ action: 'attach_menu_bot_allowed' }),
  ],
  [/^You allowed this bot to message you when .+$/s, () => ({ action: 'allow_sending_messages' })],
  [/^You have sent the following documents: .*$/s, () => ({ action: 'send_passport_values' })],
  [/^(.+) joined Telegram$/s, (m) => ({ action: 'joined_telegram', actor: m[1]! })],
  [/^.+ is now within .+ from .+$|^You are now within .+$/s, () => ({ action: 'proximity_reached' })],
  [/^(.+) requested your phone number$/s, (m) => ({ action: 'requested_phone_number', actor: m[1]! })],
  [/^Voice chat(?: \((\d+) seconds\))?$/, (m) => withDuration({ action: 'group_call' }, m[1])],
  [
    /^(.+) started voice chat(?: \((\d+) seconds\))?$/s,
    (m) => withDuration({ action: 'group_call', actor: m[1]! }, m[2]),
  ],
  [/^Voice chat scheduled for .+$/s, () => ({ action: 'group_call_scheduled' })],
  [/^(.+) scheduled a voice chat for .+$/s, (m) => ({ action: 'group_call_scheduled', actor: m[1]! })],
  [/^New messages will (?:not )?auto-delete.*$/s, () => ({ action: 'set_messages_ttl' })],
  [
    /^(.+) has set messages (?:not )?to auto-delete.*$/s,
    (m) => ({ action: 'set_messages_ttl', actor: m[1]! }),
  ],
  [/^Channel theme was (?:disabled|changed to .*)$/s, () => ({ action: 'edit_chat_theme' })],
  [
    /^(.+) (?:disabled chat theme|changed chat theme to .*)$/s,
    (m) => ({ action: 'edit_chat_theme', actor: m[1]! }),
  ],
  [
    /^You have just successfully transferred data from the «.*» button to the bot$/s,
    () => ({ action: 'send_webview_data' }),
  ],
  [/^(.+) sent you a gift.*$/s, (m) => ({ action: 'send_premium_gift', actor: m[1]! })],
  [/^(.+) created topic «(.*)»$/s, (m) => ({ action: 'topic_created', actor: m[1]!, title: m[2]! })],
  [
    /^(.+) changed topic (?:title to «(.*)»)?.*$/s,
    (m) => ({ action: 'topic_edit', actor: m[1]!, ...(m[2] !== undefined ? { title: m[2] } : {}) }),
  ],
  [/^(.+) suggests to use this photo$/s, (m) => ({ action: 'suggest_profile_photo', actor: m[1]! })],
  [/^(.+) set a new background for this chat$/s, (m) => ({ action: 'set_chat_wallpaper', actor: m[1]! })],
  [
    /^(.+) set the same background for this chat$/s,
    (m) => ({ action: 'set_same_chat_wallpaper', actor: m[1]! }),
  ],
  [/^requested: .*$/s, () => ({ action: 'requested_peer' })],
  [
    /^This message is not supported by this version of Telegram Desktop\..*$/s,
    () => ({ action: 'unsupported' }),
  ],
  [/^(.+) removed (.+)$/s, (m, s) => ({ action: 'remove_members', actor: m[1]!, members: s(m[2]!) })],
  [/^(.+) invited (.+)$/s, (m, s) => ({ action: 'invite_members', actor: m[1]!, members: s(m[2]!) })],
];

function withDuration(d: ServiceDecoded, seconds: string | undefined): ServiceDecoded {
  return seconds === undefined ? d : { ...d, durationSeconds: Number(seconds) };
}

/**
 * Decode a service sentence. `known` are display names already seen in the chat: they resolve name lists whose
 * names contain ", " or " and ". Unmatched sentences give action `unknown` (custom actions land here).
 */
export function decodeService(sentence: string, known: ReadonlySet<string> = new Set()): ServiceDecoded {
  const split = (s: string): string[] => splitNames(s, known);
  for (const [re, make] of RULES) {
    const m = re.exec(sentence);
    if (m) return make(m, split);
  }
  return { action: 'unknown' };
}

/**
 * Split `A, B and C` (tdesktop's SerializeList). When a segmentation made only of known names exists, it wins;
 * otherwise the plain split is used.
 */
export function splitNames(list: string, known: ReadonlySet<string>): string[] {
  if (known.has(list)) return [list];
  const viaKnown = segment(list, known, 0);
  if (viaKnown) return viaKnown;
  const lastAnd = list.lastIndexOf(' and ');
  if (lastAnd < 0) return [list];
  return [...list.slice(0, lastAnd).split(', '), list.slice(lastAnd + 5)];
}

function segment(rest: string, known: ReadonlySet<string>, depth: number): string[] | undefined {
  if (depth > 50) return undefined;
  if (known.has(rest)) return [rest];
  for (const sep of [', ', ' and ']) {
    for (let i = rest.indexOf(sep); i > 0; i = rest.indexOf(sep, i + 1)) {
      const head = rest.slice(0, i);
      if (!known.has(head)) continue;
      const tail = segment(rest.slice(i + sep.length), known, depth + 1);
      if (tail) return [head, ...tail];
    }
  }
  return undefined;
}
