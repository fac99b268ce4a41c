import type { ActorItem } from './list-actors.js';

/** A place in a chat (the chat reader opens `/cases/{case}/chats/{chat}?around={message}`). */
export interface MessageRef {
  readonly chat: string;
  readonly message: number;
}

/** Where an attribution item came from (the return row joined in). */
export type LedgerSource =
  | { readonly kind: 'message'; readonly chat: string; readonly message: number }
  | { readonly kind: 'messages'; readonly count: number; readonly sample: MessageRef[] }
  | {
      readonly kind: 'returnRow';
      readonly source: string;
      readonly line: number;
      readonly row: {
        userId: string;
        phone: string | null;
        phoneCountry: string | null;
        ip: string | null;
        seenAt: string | null;
      } | null;
    }
  | { readonly kind: 'media'; readonly sha256: string }
  | { readonly kind: 'name'; readonly name: string; readonly source: string };

/** One line of the attribution ledger. */
export interface LedgerItem {
  readonly signal: string;
  readonly kind: string;
  readonly value: string;
  readonly reliability: number;
  readonly weight: number;
  readonly bits: number;
  readonly likelihoodRatio: number;
  readonly countries: Record<string, number>;
  readonly flags: string[];
  readonly source: LedgerSource;
}

/** The actor page (field contract: `ActorProfileView` in src/contracts/investigation.ts). */
export interface ActorProfileView {
  readonly actor: ActorItem;
  readonly names: Array<{
    name: string;
    source: string;
    sourceKind: string;
    account: string | null;
    firstSeen: string | null;
    lastSeen: string | null;
  }>;
  readonly chats: Array<{
    chat: string;
    title: string | null;
    messages: number;
    firstMessage: string | null;
    lastMessage: string | null;
    memberships: Array<{
      kind: string;
      from: string | null;
      to: string | null;
      message: number | null;
      by: string | null;
    }>;
  }>;
  readonly heatmap: { utc: number[][]; zone: string | null; local: number[][] | null };
  readonly media: {
    byStatus: Record<string, number>;
    byCategory: Array<{ category: string; count: number }>;
  };
  readonly clusters: Array<{
    id: string;
    status: string;
    members: number;
    occurrences: number;
    chatsReached: number;
    reposters: number;
    firstSeen: string | null;
    firstMessage: MessageRef | null;
    firstSha256: string | null;
  }>;
  readonly ledger: LedgerItem[];
  readonly score: { rank: number; total: number; factors: unknown[] } | null;
  readonly neighbours: Array<{
    actor: string;
    name: string | null;
    weight: number;
    replies: number;
    mentions: number;
    reposts: number;
    direction: 'out' | 'in' | 'both';
    /** One of the case's own (undercover) accounts (issue 19). */
    undercover: boolean;
  }>;
  readonly decisions: Array<{
    actor: string;
    decision: 'accept' | 'reject';
    reason: string;
    user: string;
    at: string;
  }>;
}

/** The spread of a cluster (field contract: `ClusterSpread` in src/contracts/investigation.ts). */
export interface ClusterSpreadView {
  readonly cluster: {
    id: string;
    status: string;
    members: number;
    occurrences: number;
    chatsReached: number;
    reposters: number;
    firstSeen: string | null;
    originator: string | null;
    firstMessage: MessageRef | null;
    firstSha256: string | null;
    /** The first poster is one of the case's own (undercover) accounts (issue 19). */
    originatorUndercover: boolean;
  };
  readonly posts: Array<{
    chat: string;
    chatTitle: string | null;
    message: number;
    date: string | null;
    poster: string | null;
    posterName: string | null;
    /** The poster is one of the case's own (undercover) accounts (issue 19). */
    posterUndercover: boolean;
    sha256: string;
    how: 'first' | 'forward' | 'reupload';
    forwardedFrom: string | null;
  }>;
  readonly variants: Array<{
    sha256: string;
    first: boolean;
    distance: number | null;
    kind: string | null;
    width: number | null;
    height: number | null;
    size: number | null;
    posts: number;
  }>;
}
