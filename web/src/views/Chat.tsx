/** The chat reader: a chat's timeline, virtualised, paged both ways from the server, opened at a message or a day. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { api, casePath, query } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { navigate, useLocation } from '../router.js';
import { Link, PageTitle, Status } from '../components/common.js';
import { Message } from '../components/Message.js';
import { chatPath } from '../components/MessageLink.js';
import type { TimelinePage } from '../../../src/contracts/chat.js';

const PAGE = 60;

/** The chat reader of `/cases/{case}/chats/{chat}[?around=ID | ?date=YYYY-MM-DD]`. */
export function Chat({ caseName, chat }: { caseName: string; chat: string }) {
  const { search } = useLocation();
  const around = search.get('around');
  const date = search.get('date');
  return (
    <Reader
      key={`${chat}?${around ?? ''}&${date ?? ''}`}
      caseName={caseName}
      chat={chat}
      around={around && /^\d+$/.test(around) ? Number(around) : null}
      date={date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null}
    />
  );
}

/** Where to scroll once the list is laid out: a message centred, or kept at the same place after a prepend. */
type Pending = { id: number; align: 'center' | 'end' } | { id: number; delta: number };

/** One opening of the reader (a new `around` or `date` mounts a new one). */
function Reader(p: { caseName: string; chat: string; around: number | null; date: string | null }) {
  const { t, num } = useI18n();
  const [page, setPage] = useState<TimelinePage | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState<'before' | 'after' | null>(null);
  const [ready, setReady] = useState(false);
  const [flash, setFlash] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const pending = useRef<Pending | null>(null);
  const base = casePath(p.caseName, `/chats/${encodeURIComponent(p.chat)}/timeline`);
  const fail = (e: unknown) => setError(e instanceof Error ? e : new Error(String(e)));

  useEffect(() => {
    api<TimelinePage>(`${base}${query({ around: p.around, date: p.date, limit: PAGE })}`).then((r) => {
      const last = r.messages.at(-1);
      pending.current =
        r.anchor !== null ? { id: r.anchor, align: 'center' } : last ? { id: last.id, align: 'end' } : null;
      setPage(r);
      if (!last) setReady(true);
    }, fail);
  }, [base, p.around, p.date]);

  const messages = page?.messages ?? [];
  const v = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 88,
    overscan: 8,
    getItemKey: (i) => messages[i]?.id ?? i,
  });

  useLayoutEffect(() => {
    const want = pending.current;
    if (!want || !page) return;
    const idx = page.messages.findIndex((m) => m.id === want.id);
    pending.current = null;
    if (idx < 0) return;
    if ('delta' in want) v.scrollToOffset((v.measurementsCache[idx]?.start ?? 0) + want.delta);
    else v.scrollToIndex(idx, { align: want.align });
    requestAnimationFrame(() => setReady(true));
  }, [page, v]);

  const more = useCallback(
    (dir: 'before' | 'after') => {
      if (!page || busy) return;
      const edge = dir === 'before' ? page.messages[0] : page.messages.at(-1);
      if (!edge) return;
      setBusy(dir);
      api<TimelinePage>(`${base}${query({ [dir]: edge.id, limit: PAGE })}`).then(
        (r) => {
          if (dir === 'before') {
            const first = v.getVirtualItems().find((it) => it.end > (scroller.current?.scrollTop ?? 0));
            const keep = first ? page.messages[first.index] : undefined;
            if (keep && first)
              pending.current = { id: keep.id, delta: (scroller.current?.scrollTop ?? 0) - first.start };
          }
          setPage({
            ...page,
            messages:
              dir === 'before' ? [...r.messages, ...page.messages] : [...page.messages, ...r.messages],
            hasBefore: dir === 'before' ? r.hasBefore : page.hasBefore,
            hasAfter: dir === 'after' ? r.hasAfter : page.hasAfter,
          });
          setBusy(null);
        },
        (e: unknown) => {
          fail(e);
          setBusy(null);
        },
      );
    },
    [page, busy, base, v],
  );

  const items = v.getVirtualItems();
  const firstIdx = items[0]?.index;
  const lastIdx = items.at(-1)?.index;
  useEffect(() => {
    if (!ready || !page || busy || firstIdx === undefined || lastIdx === undefined) return;
    if (firstIdx < 3 && page.hasBefore) more('before');
    else if (lastIdx > page.messages.length - 4 && page.hasAfter) more('after');
  }, [ready, page, busy, firstIdx, lastIdx, more]);

  /** A reply's quote: scroll to the replied message when it is loaded, else open the reader around it. */
  const jump = (id: number) => {
    const idx = messages.findIndex((m) => m.id === id);
    if (idx < 0) return navigate(chatPath(p.caseName, p.chat, id));
    v.scrollToIndex(idx, { align: 'center' });
    setFlash(id);
  };

  // Ready (for tests and screenshots) once laid out with the marked message, if any, on screen.
  const shown =
    page !== null &&
    ready &&
    (page.anchor === null || items.some((it) => messages[it.index]?.id === page.anchor));
  const title = page?.chat.title ?? p.chat;
  return (
    <section className="reader">
      <PageTitle text={title}>{t('chat.title', { title })}</PageTitle>
      <p className="muted">
        <Link to={`/cases/${encodeURIComponent(p.caseName)}/chats`}>{t('chats.title')}</Link>
        {page && ` · ${t('chats.count', { count: num(page.chat.messages) })}`}
        {page && p.around !== null && page.anchor === null && ` · ${t('chat.notFound', { id: p.around })}`}
      </p>
      <JumpForm caseName={p.caseName} chat={p.chat} around={p.around} date={p.date} />
      <Status loading={!page && !error} error={error} />
      {busy === 'before' && <p role="status">{t('chat.loadingEarlier')}</p>}
      <div ref={scroller} className="chat-scroll" tabIndex={0} aria-label={t('chat.timeline', { title })}>
        <div
          role="feed"
          aria-busy={busy !== null}
          className="chat-feed"
          data-view-ready={shown ? 'chat' : undefined}
          style={{ height: v.getTotalSize() }}
        >
          {items.map((it) => {
            const m = messages[it.index]!;
            const hit = m.id === page?.anchor;
            return (
              <article
                key={it.key}
                data-index={it.index}
                data-message={m.id}
                ref={v.measureElement}
                aria-posinset={it.index + 1}
                aria-setsize={page?.hasBefore || page?.hasAfter ? -1 : messages.length}
                aria-current={hit ? 'true' : undefined}
                className={`chat-msg${m.type === 'service' ? ' is-service' : ''}${hit ? ' hit' : ''}${flash === m.id ? ' flash' : ''}`}
                style={{ transform: `translateY(${it.start}px)` }}
              >
                <Message m={m} caseName={p.caseName} onQuote={jump} />
              </article>
            );
          })}
        </div>
      </div>
      {busy === 'after' && <p role="status">{t('chat.loadingLater')}</p>}
    </section>
  );
}

/** Jump to a message id or a day (UTC): rewrites the address, which reopens the reader there. */
function JumpForm(p: { caseName: string; chat: string; around: number | null; date: string | null }) {
  const { t } = useI18n();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const id = String(f.get('id') ?? '').trim();
    const day = String(f.get('date') ?? '').trim();
    const at = id ? { around: id } : day ? { date: day } : {};
    navigate(`${chatPath(p.caseName, p.chat)}${query(at)}`);
  };
  return (
    <form className="filters jump" onSubmit={submit}>
      <label>
        {t('chat.jumpId')}
        <input name="id" type="number" min={0} defaultValue={p.around ?? ''} />
      </label>
      <label>
        {t('chat.jumpDate')}
        <input name="date" type="date" defaultValue={p.date ?? ''} />
      </label>
      <button type="submit">{t('chat.jump')}</button>
    </form>
  );
}
