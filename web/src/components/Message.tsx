/** One message of the chat reader: author, time, quote of the replied message, forward, text, edits, media. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';
import { thumbnailUrl } from '../triage.js';
import type { TimelineMessage } from '../../../src/contracts/chat.js';
import { Link, UndercoverBadge } from './common.js';

/** The actor page's path. */
function actorPath(caseName: string, actor: string): string {
  return `/cases/${encodeURIComponent(caseName)}/actors/${encodeURIComponent(actor)}`;
}

/** A list of names of a service message's details (members), else the value as text. */
function names(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(', ') : v === undefined || v === null ? '' : String(v);
}

const ACTIONS = [
  'create_channel',
  'create_group',
  'edit_group_title',
  'invite_members',
  'remove_members',
  'join_group_by_link',
  'pin_message',
] as const;

/** The sentence of a service message (joins, invitations, pins, title changes), from its action and details. */
export function serviceText(t: ReturnType<typeof useI18n>['t'], m: TimelineMessage): string {
  const d = m.details;
  const vars = {
    actor: m.authorName ?? m.author ?? '?',
    title: names(d['title']),
    members: names(d['members']),
    inviter: names(d['inviter']),
    message: names(d['message_id'] ?? d['pinned']),
    action: m.action ?? '',
  };
  const known = ACTIONS.find((a) => a === m.action);
  return t(known ? (`chat.action.${known}` as MessageKey) : 'chat.action.other', vars);
}

/** When a message was sent: in the reader's zone, UTC in the title; the export's wall clock when no UTC time. */
function When({ m }: { m: TimelineMessage }) {
  const { t, date } = useI18n();
  if (m.date)
    return (
      <time dateTime={m.date} title={`${m.date.slice(0, 19).replace('T', ' ')} UTC`}>
        {date(m.date)}
      </time>
    );
  return (
    <span>{m.dateLocal ? t('chat.localTime', { time: m.dateLocal, zone: m.tzAssumed ?? '?' }) : '—'}</span>
  );
}

/** One message (or service message) of the timeline; `onQuote` jumps to the replied message. */
export function Message(p: { m: TimelineMessage; caseName: string; onQuote: (id: number) => void }) {
  const { t, date } = useI18n();
  const { m, caseName } = p;
  const author: ReactNode = m.author ? (
    <Link to={actorPath(caseName, m.author)} className="author">
      {m.authorName ?? m.author}
    </Link>
  ) : (
    <span className="author">{m.authorName ?? '?'}</span>
  );
  if (m.type === 'service')
    return (
      <div className="service">
        <p>{serviceText(t, m)}</p>
        <span className="muted">
          #{m.id} · <When m={m} />
        </span>
      </div>
    );
  return (
    <>
      <div className="msg-head">
        {author} <UndercoverBadge on={m.authorUndercover} /> <span className="muted">#{m.id}</span> ·{' '}
        <When m={m} />
        {m.edited && <span className="muted"> · {t('chat.editedAt', { date: date(m.edited) })}</span>}
        {m.viaBot && <span className="muted"> · {t('chat.viaBot', { bot: m.viaBot })}</span>}
      </div>
      {m.forwardedFrom !== null && (
        <div className="forward">{t('chat.forwarded', { from: m.forwardedFrom })}</div>
      )}
      {m.savedFrom !== null && <div className="forward">{t('chat.savedFrom', { from: m.savedFrom })}</div>}
      {m.reply && (
        <button type="button" className="quote" onClick={() => p.onQuote(m.reply!.id)}>
          <span className="sr-only">{t('chat.replyTo', { id: m.reply.id })}: </span>
          <span className="quote-author">{m.reply.authorName ?? m.reply.author ?? `#${m.reply.id}`}</span>
          <span className="quote-text">
            {m.reply.found
              ? (m.reply.text ?? (m.reply.media ? t('chat.media', { count: m.reply.media }) : ''))
              : t('chat.replyMissing', { id: m.reply.id })}
          </span>
        </button>
      )}
      <p>{m.text}</p>
      {m.versions.length > 0 && (
        <ul className="versions" aria-label={t('chat.versions', { count: m.versions.length })}>
          {m.versions.map((v) => (
            <li key={v.version}>
              <span className="muted">{t('chat.before', { date: v.edited ? date(v.edited) : '—' })}</span>{' '}
              <span className="old">{v.text}</span>
            </li>
          ))}
        </ul>
      )}
      {m.media.length > 0 && (
        <ul className="msg-media">
          {m.media.map((x, i) => (
            <li key={i}>
              {x.sha256 ? (
                <Link to={`/cases/${encodeURIComponent(caseName)}/media/${x.sha256}`}>
                  <img
                    src={thumbnailUrl(caseName, x.sha256)}
                    alt={t('chat.thumbnail', { kind: x.kind, sha: x.sha256.slice(0, 12) })}
                    width={96}
                    height={96}
                    loading="lazy"
                  />
                </Link>
              ) : (
                <span className="muted">{t('chat.noFile', { kind: x.kind, why: x.placeholder ?? '?' })}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
