import type { MembershipRecord } from '../model.js';
import type { HtmlService } from './ir.js';

/** Membership facts stated by a decoded service sentence (names only for members, the actor by derived id). */
export function memberships(s: HtmlService, chatId: string, actorId: string | null): MembershipRecord[] {
  const out: MembershipRecord[] = [];
  const base = { chatId, at: null, messageId: s.id };
  const byName = (name: string, kind: string): void => {
    if (actorId && name === s.actor)
      out.push({
        ...base,
        actorId,
        memberName: null,
        kind: kind === 'remove' ? 'leave' : 'join',
        byActorId: null,
      });
    else out.push({ ...base, actorId: null, memberName: name, kind, byActorId: actorId });
  };
  switch (s.action) {
    case 'create_group':
    case 'create_channel':
      if (actorId) out.push({ ...base, actorId, memberName: null, kind: 'create', byActorId: null });
      for (const n of s.members)
        if (n !== s.actor)
          out.push({ ...base, actorId: null, memberName: n, kind: 'invite', byActorId: actorId });
      break;
    case 'invite_members':
      for (const n of s.members) byName(n, 'invite');
      break;
    case 'remove_members':
      for (const n of s.members) byName(n, 'remove');
      break;
    case 'join_group_by_link':
    case 'join_group_by_request':
      if (actorId) out.push({ ...base, actorId, memberName: null, kind: 'join', byActorId: null });
      break;
  }
  return out;
}
