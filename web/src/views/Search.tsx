/** Full-text search: the query box and filters (kept in the address), highlighted excerpts, paged results. */
import type { FormEvent } from 'react';
import { casePath, query } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { navigate, useLocation } from '../router.js';
import { Link, PageTitle, Status, UndercoverBadge } from '../components/common.js';
import { ExportButton } from '../components/ExportButton.js';
import type { SearchItem, SearchResult } from '../types.js';

const FIELDS = ['q', 'chat', 'actor', 'from', 'to', 'hasMedia', 'status', 'cursor'] as const;

/** The search view of a case: the form writes the address; the address drives the request. */
export function Search({ caseName }: { caseName: string }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const params = Object.fromEntries(FIELDS.map((k) => [k, search.get(k) ?? ''])) as Record<
    (typeof FIELDS)[number],
    string
  >;
  const r = useApi<SearchResult>(
    params.q ? casePath(caseName, `/search${query({ ...params, limit: 25 })}`) : null,
  );
  const go = (next: Partial<typeof params>) =>
    navigate(`/cases/${encodeURIComponent(caseName)}/search${query({ ...params, cursor: '', ...next })}`);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '').trim();
    go({
      q: v('q'),
      chat: v('chat'),
      actor: v('actor'),
      from: v('from'),
      to: v('to'),
      hasMedia: f.get('hasMedia') ? 'true' : '',
      status: v('status'),
    });
  };
  const items = r.data?.items ?? [];
  return (
    <section>
      <PageTitle text={t('search.title')}>{t('search.title')}</PageTitle>
      {params.q && <ExportButton caseName={caseName} table="search" filters={{ ...params, cursor: '' }} />}
      <form role="search" className="filters search-form" onSubmit={submit} key={search.toString()}>
        <label>
          {t('search.query')}
          <input name="q" type="search" defaultValue={params.q} required maxLength={1000} />
        </label>
        <label>
          {t('search.chat')}
          <input name="chat" defaultValue={params.chat} />
        </label>
        <label>
          {t('search.actor')}
          <input name="actor" defaultValue={params.actor} />
        </label>
        <label>
          {t('search.from')}
          <input name="from" type="date" defaultValue={params.from} />
        </label>
        <label>
          {t('search.to')}
          <input name="to" type="date" defaultValue={params.to} />
        </label>
        <label>
          <input name="hasMedia" type="checkbox" defaultChecked={params.hasMedia === 'true'} />
          {t('search.hasMedia')}
        </label>
        <label>
          {t('search.status')}
          <select name="status" defaultValue={params.status}>
            <option value="">{t('media.any')}</option>
            {(['new', 'known', 'ignored'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('search.submit')}</button>
      </form>
      <p className="muted">{t('search.help')}</p>
      <Status loading={r.loading} error={r.error} />
      {r.data && (
        <p role="status" data-view-ready="search">
          {items.length ? t('search.count', { count: items.length, query: r.data.query }) : t('search.none')}
        </p>
      )}
      {items.length > 0 && (
        <ol className="search-results">
          {items.map((h, i) => (
            <Hit key={i} h={h} caseName={caseName} />
          ))}
        </ol>
      )}
      {r.data?.nextCursor && (
        <button type="button" onClick={() => go({ cursor: r.data?.nextCursor ?? '' })}>
          {t('search.next')}
        </button>
      )}
    </section>
  );
}

/** One hit: where and when, who, the excerpt with its hits marked (text nodes only), and "open in chat". */
function Hit({ h, caseName }: { h: SearchItem; caseName: string }) {
  const { t } = useI18n();
  const where =
    h.kind === 'message'
      ? `${h.chat ?? ''} #${h.message ?? ''}`
      : h.kind === 'chatName'
        ? t('search.chatName', { chat: h.chat ?? '' })
        : t('search.actorName', { actor: h.author ?? '' });
  return (
    <li className="search-hit">
      <div className="muted">
        {h.date ? <time dateTime={h.date}>{h.date.slice(0, 16).replace('T', ' ')}</time> : null} · {where}
        {h.kind === 'message' && ` · ${h.authorName ?? h.author ?? '?'}`}{' '}
        <UndercoverBadge on={h.authorUndercover} />
        {h.version ? ` · ${t('search.earlier')}` : h.edited ? ` · ${t('search.edited')}` : ''}
      </div>
      <p className="excerpt">
        {h.parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
      </p>
      {h.kind === 'message' && h.chat && h.message !== null && (
        <Link
          to={`/cases/${encodeURIComponent(caseName)}/chats/${encodeURIComponent(h.chat)}${query({ around: h.message })}`}
        >
          {t('search.openInChat')}
        </Link>
      )}
    </li>
  );
}
