/** The signed-in person, shared with every view. */
import { createContext, useContext } from 'react';
import type { Person } from './types.js';

/** The session context: the person and a way to sign out. */
export interface Session {
  person: Person;
  signOut: () => void;
}

/** Holds the current session (set by App once signed in). */
export const SessionContext = createContext<Session | null>(null);

/** The signed-in person (views only render once signed in). */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}
