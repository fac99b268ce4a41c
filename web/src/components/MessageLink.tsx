/** "Show in chat": a link that opens the chat reader at one message (the views of media, targets and search). */
import type { ReactNode } from 'react';
import { Link } from './common.js';

/** The chat reader's path, at a message (`?around=ID`) when one is given. */
export function chatPath(caseName: string, chat: string, around?: number | null): string {
  const base = `/cases/${encodeURIComponent(caseName)}/chats/${encodeURIComponent(chat)}`;
  return around === undefined || around === null ? base : `${base}?around=${around}`;
}

/** A link to a message in the chat reader. */
export function MessageLink(p: { caseName: string; chat: string; message: number; children: ReactNode }) {
  return <Link to={chatPath(p.caseName, p.chat, p.message)}>{p.children}</Link>;
}
