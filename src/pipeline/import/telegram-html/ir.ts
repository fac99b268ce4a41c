/** Typed intermediate representation of a Telegram Desktop HTML export, before mapping to the import model. */

/** A text entity with UTF-16 offsets into the plain text (Telegram's own convention). */
export interface HtmlEntity {
  readonly type: HtmlEntityType;
  readonly offset: number;
  readonly length: number;
  /** text_link target, custom-emoji file path (relative to the export root). */
  readonly href?: string;
}

/** Entity kinds recoverable from HTML; names follow the JSON `text_entities` types. */
export type HtmlEntityType =
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strikethrough'
  | 'code'
  | 'pre'
  | 'blockquote'
  | 'spoiler'
  | 'link'
  | 'text_link'
  | 'email'
  | 'phone'
  | 'mention'
  | 'mention_name'
  | 'hashtag'
  | 'cashtag'
  | 'bot_command'
  | 'custom_emoji';

/** Plain text with entities. Never HTML. */
export interface HtmlText {
  readonly text: string;
  readonly entities: readonly HtmlEntity[];
}

/** A timestamp from a `title` attribute: the exporter's wall clock plus the zone suffix if written. */
export interface HtmlDate {
  /** `YYYY-MM-DDTHH:MM:SS`, the exporter's local wall clock. */
  readonly local: string;
  /** Offset written after `UTC` in minutes (standard time of the exporter's zone), or undefined (< v3.7.6). */
  readonly offsetMinutes: number | undefined;
  /** The title exactly as written. */
  readonly raw: string;
}

/** Why a file is not in the export, from the HTML wording. */
export type PlaceholderReason = 'file_type' | 'file_size' | 'unavailable';

/** Media kinds recognised from the §6.3 markup. */
export type HtmlMediaKind =
  | 'photo'
  | 'sticker'
  | 'animation'
  | 'video_file'
  | 'video_message'
  | 'voice_message'
  | 'audio_file'
  | 'file'
  | 'contact'
  | 'location'
  | 'live_location'
  | 'venue'
  | 'game'
  | 'invoice'
  | 'call'
  | 'poll'
  | 'giveaway'
  | 'unknown';

/** One media block. Paths are relative to the export root, with `/`. */
export interface HtmlMedia {
  readonly kind: HtmlMediaKind;
  /** The file in the export, when it was downloaded. */
  readonly path?: string;
  readonly thumbnailPath?: string;
  /** A local href that leaves the export folder (`../x`, absolute): refused, kept for the record. */
  readonly unsafeHref?: string;
  /** External link (maps, game) instead of a file. */
  readonly url?: string;
  readonly placeholder?: PlaceholderReason;
  /** The block's title line (file name, contact name, "Video message", call peer). */
  readonly title?: string;
  readonly description?: string;
  /** The status line as written ("00:24", "109.6 KB", "Declined", "60.07, 6.73"). */
  readonly status?: string;
  readonly durationSeconds?: number;
  /** Dimensions, when the block states them (photos not downloaded: "1280x960, 120.5 KB"). */
  readonly width?: number;
  readonly height?: number;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly selfDestructing?: boolean;
  /** Poll question and answers, as plain text. */
  readonly poll?: {
    readonly question: string;
    readonly answers: readonly string[];
    readonly details: string;
  };
  /** Classes of the block, for anything not mapped. */
  readonly classes: readonly string[];
}

/** A regular message. */
export interface HtmlMessage {
  readonly kind: 'message';
  readonly id: number;
  readonly page: string;
  readonly line: number;
  readonly date: HtmlDate | undefined;
  /** Sender display name, trailing layout space removed; carried over for joined messages. */
  readonly from: string | undefined;
  /** The name exactly as written (e.g. `"Who "`). */
  readonly fromRaw: string | undefined;
  readonly joined: boolean;
  /** `userpicN` colour class of the sender (derived from its peer id by tdesktop), when shown. */
  readonly userpicColor: number | undefined;
  readonly viaBot: string | undefined;
  readonly forwardedFrom: string | undefined;
  readonly forwardedDate: HtmlDate | undefined;
  readonly forwarded: boolean;
  readonly replyTo: number | undefined;
  readonly replyToOtherChat: boolean;
  readonly media: HtmlMedia | undefined;
  readonly text: HtmlText;
  readonly signature: string | undefined;
  /** Inline-button labels, row by row, as plain text. */
  readonly buttons: readonly (readonly string[])[];
  readonly reactions: readonly { readonly emoji: string; readonly count: number; readonly mine: boolean }[];
  readonly raw: string;
}

/** A service message with its template decoded. */
export interface HtmlService {
  readonly kind: 'service';
  readonly id: number;
  readonly page: string;
  readonly line: number;
  /** Service blocks carry no time: the day comes from the last separator, the time is unknown. */
  readonly day: string | undefined;
  /** The JSON `action` name, `unsupported`, or `unknown` when no template matched. */
  readonly action: string;
  readonly actor: string | undefined;
  readonly members: readonly string[];
  readonly title: string | undefined;
  readonly inviter: string | undefined;
  readonly messageId: number | undefined;
  /** New chat photo (edit_group_photo, suggest_profile_photo), relative to the export root. */
  readonly photoPath?: string | undefined;
  readonly durationSeconds: number | undefined;
  /** The English sentence, plain text. */
  readonly text: string;
  readonly raw: string;
}

/** One item of a chat in file order. */
export type HtmlItem = HtmlMessage | HtmlService;

/** A chat read from its `messages*.html` pages. */
export interface HtmlChat {
  /** Folder of the pages relative to the export root (`''` for a single-chat export). */
  readonly folder: string;
  /** Page header, trailing space removed. */
  readonly name: string | undefined;
  readonly pages: readonly string[];
  readonly items: readonly HtmlItem[];
  readonly daySeparators: number;
}
