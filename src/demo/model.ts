/** Types of the synthetic world (actors, chats, messages, images) and the scale presets. */
import type { City } from './world.js';

/** Behavioural role of a synthetic actor. */
export type Role = 'producer' | 'distributor' | 'consumer' | 'lurker' | 'undercover';

/** Scale presets of `vigie demo`. */
export type Scale = 'small' | 'medium' | 'article';

/** Numbers that define one scale. */
export interface ScaleConfig {
  actors: number;
  countries: number;
  messages: number;
  images: number;
  supergroups: number;
  channels: number;
  personalChats: number;
  accounts: number;
}

/** The scale presets (article: ≥ 10,000 actors, 70,000 messages, 23,000 images, 50 countries). */
export const SCALES: Readonly<Record<Scale, ScaleConfig>> = {
  small: {
    actors: 40,
    countries: 10,
    messages: 600,
    images: 60,
    supergroups: 2,
    channels: 1,
    personalChats: 2,
    accounts: 4,
  },
  medium: {
    actors: 1500,
    countries: 30,
    messages: 10_000,
    images: 3000,
    supergroups: 7,
    channels: 2,
    personalChats: 4,
    accounts: 4,
  },
  article: {
    actors: 11_200,
    countries: 50,
    messages: 72_000,
    images: 23_400,
    supergroups: 24,
    channels: 4,
    personalChats: 8,
    accounts: 5,
  },
};

/** A display name valid from a UTC epoch second on. */
export interface NameSpan {
  from: number;
  name: string;
}

/** One synthetic Telegram account. */
export interface Actor {
  uid: number;
  role: Role;
  country: string;
  language: string;
  city: City;
  tz: string;
  /** Personal shift of the daily rhythm, hours. */
  chrono: number;
  names: NameSpan[];
  phone: string;
  expat: boolean;
  /** Undercover label (UC-A …) for the investigators' own accounts. */
  label?: string;
  chats: number[];
}

/** Chat types the generator writes. */
export type ChatType =
  | 'private_supergroup'
  | 'public_supergroup'
  | 'private_channel'
  | 'public_channel'
  | 'private_group'
  | 'personal_chat';

/** One chat of the world. */
export interface Chat {
  idx: number;
  type: ChatType;
  /** Bare peer id (user id for personal chats). */
  bareId: number;
  titles: NameSpan[];
  language: string | null;
  created: number;
  end: number;
  creator: number;
  members: number[];
  /** Undercover accounts in this chat, with the time they joined. */
  accounts: { uid: number; joined: number }[];
  old: boolean;
}

/** Service actions the generator emits. */
export type Action =
  | { type: 'create_channel'; title: string }
  | { type: 'create_group'; title: string; members: number[] }
  | { type: 'invite_members'; members: number[] }
  | { type: 'remove_members'; members: number[] }
  | { type: 'join_group_by_link'; inviter: number }
  | { type: 'edit_group_title'; title: string };

/** One canonical message (before it is seen through an export). */
export interface Msg {
  chat: number;
  t: number;
  /** Author uid; 0 for a channel post. */
  author: number;
  text: string;
  /** Image file index when the message carries an image. */
  image?: number;
  asFile?: boolean;
  forwardedFrom?: number;
  contact?: number;
  action?: Action;
  replyTo?: Msg;
  edited?: { t: number; text: string };
  /** Platform message id in supergroups and channels (per chat, shared by all members). */
  id: number;
  /** Canonical key, unique in the world. */
  key: number;
}

/** How a file relates to its cluster's original. */
export type Variant = 'original' | 'reencoded' | 'resized' | 'mirrored' | 'rotated';

/** What a worker needs to render a file. */
export interface ImageSpec {
  seed: string;
  width: number;
  height: number;
  quality: number;
  noise: number;
  /** For variants: the original's spec and the variant's own output size / quality. */
  base?: ImageSpec;
  exif?: { make: string; model: string; when: string; lat: number; lon: number };
  /** Variants only: a left-right mirror (`flop`) or a quarter turn (`rotate90`) of the base. */
  transform?: 'flop' | 'rotate90';
}

/** Class of an image cluster in the case. */
export type ImageClass = 'known' | 'new' | 'ignored';

/** One distinct image file (one SHA-256). */
export interface ImageFile {
  idx: number;
  cluster: number;
  cls: ImageClass;
  variant: Variant;
  /** Index of the original file of the cluster. */
  original: number;
  spec: ImageSpec;
  /** Original camera file name when first sent as a document. */
  fileName?: string;
  /** New clusters: true when the first poster shot it (a producer's series), false for a member's unlisted re-post. */
  selfProduced?: boolean;
  rendered?: RenderedImage;
  /** PDQ (full convention) when the file goes into a PDQ hash list. */
  pdq?: string;
}

/** Result of rendering one file. */
export interface RenderedImage {
  path: string;
  size: number;
  width: number;
  height: number;
  md5: string;
  sha1: string;
  sha256: string;
}
