/** A minimal chat context: the messages around one (from a search hit), that one marked; earlier texts of edits. */
import { useEffect, useRef } from 'react';
import { casePath, query } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { useLocation } from '../router.js';
import { PageTitle, Status } from '../components/common.js';
import type { ChatContext } from '../types.js';

/** The messages of a chat around `?around=ID` (the full chat reader comes later). */
export function Chat({ caseName, chat }: { caseName: string; chat: string }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const around = Number(search.get('around') ?? 0);
  const r = useApi<ChatContext>(
    casePath(caseName, `/chats/${encodeURIComponent(chat)}/messages${query({ around, limit: 40 })}`),
  );
  const hit = useRef<HTMLLIElement>(null);
  useEffect(() => hit.current?.scrollIntoView({ block: 'center' }), [r.data]);
  const title = r.data?.chat.title ?? chat;
  return (
    <section>
      <PageTitle text={title}>{t('chat.title', { title })}</PageTitle>
      <Status loading={r.loading} error={r.error} />
      {r.data && (
        <ol className="chat-log" data-view-ready="chat">
          {r.data.messages.map((m) => (
            <li
              key={m.id}
              ref={m.id === around ? hit : undefined}
              className={m.id === around ? 'chat-msg hit' : 'chat-msg'}
              aria-current={m.id === around ? 'true' : undefined}
            >
              <div className="muted">
                #{m.id} ·{' '}
                {m.date ? <time dateTime={m.date}>{m.date.slice(0, 16).replace('T', ' ')}</time> : '—'} ·{' '}
                {m.authorName ?? m.author ?? '?'}
                {m.forwardedFrom ? ` · ${t('chat.forwarded', { from: m.forwardedFrom })}` : ''}
                {m.replyTo !== null ? ` · ${t('chat.replyTo', { id: m.replyTo })}` : ''}
                {m.edited ? ` · ${t('search.edited')}` : ''}
                {m.media > 0 ? ` · ${t('chat.media', { count: m.media })}` : ''}
              </div>
              <p>{m.text ?? (m.type === 'service' ? t('chat.service') : '')}</p>
              {m.versions.length > 0 && (
                <details>
                  <summary>{t('chat.versions', { count: m.versions.length })}</summary>
                  <ul>
                    {m.versions.map((v) => (
                      <li key={v.version}>{v.text}</li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
