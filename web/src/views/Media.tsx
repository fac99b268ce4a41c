/** The media grid: filters, virtualised blurred thumbnails, keyboard categorisation, bulk, detail panel. */
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useSession } from '../session.js';
import type { RevealCounts } from '../types.js';
import { navigate, useLocation } from '../router.js';
import { PageTitle, Status } from '../components/common.js';
import { MediaGrid } from '../components/MediaGrid.js';
import { MediaDetail } from '../components/MediaDetail.js';
import { filterQuery, filtersOf, useMediaPages, type MediaFilters } from '../media-pages.js';
import { MediaFilterForm } from '../components/MediaFilterForm.js';
import { ExportButton } from '../components/ExportButton.js';
import { loadCategories, setCategory, setClusterCategory } from '../triage.js';
import type { Category, MediaItem } from '../types.js';

/** The media view of a case; `sha` opens the detail panel of one file. */
export function MediaView({ caseName, sha }: { caseName: string; sha?: string | undefined }) {
  const { t, num } = useI18n();
  const { search } = useLocation();
  const f = filtersOf(search);
  const pages = useMediaPages(caseName, f);
  const [categories, setCategories] = useState<Category[]>([]);
  const [decided, setDecided] = useState<Map<string, string | null>>(new Map());
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkCluster, setBulkCluster] = useState<string | null>(null);
  const [message, setMessage] = useState<string>('');
  const { person } = useSession();
  const reveals = useApi<RevealCounts>(casePath(caseName, '/reveals/today'));
  const mine = reveals.data?.byPerson.find((p) => p.person === person.name)?.count ?? 0;
  useEffect(() => {
    loadCategories(caseName).then(setCategories, () => setCategories([]));
  }, [caseName]);
  const categoryOf = useCallback(
    (m: MediaItem) =>
      decided.has(m.sha256) ? (decided.get(m.sha256) ?? null) : (m.decision?.category ?? null),
    [decided],
  );
  const labelOf = useCallback(
    (c: string | null) => (c === null ? '—' : (categories.find((x) => x.id === c)?.label ?? c)),
    [categories],
  );
  const items = pages.items;
  const base = `/cases/${encodeURIComponent(caseName)}/media`;
  /** A filter change goes into the URL (replacing the entry), so a filtered view can be linked. */
  const set = (k: keyof MediaFilters, v: string) => {
    history.replaceState(null, '', `${base}${sha ? `/${sha}` : ''}${filterQuery({ ...f, [k]: v })}`);
    dispatchEvent(new PopStateEvent('popstate'));
    setActive(0);
  };
  const toggle = (s: string) => {
    setBulkCluster(null);
    setSelected((x) => {
      const y = new Set(x);
      if (y.has(s)) y.delete(s);
      else y.add(s);
      return y;
    });
  };
  const selectCluster = () => {
    const c = items[active]?.cluster;
    if (!c) return;
    setSelected(new Set(pages.items.filter((m) => m.cluster === c).map((m) => m.sha256)));
    setBulkCluster(c);
  };
  const onDigit = (d: number) => {
    const cat = d < 0 ? null : (categories.find((c) => c.key === d)?.id ?? null);
    if (d >= 0 && cat === null) return;
    const cur = items[active];
    const shas = selected.size ? [...selected] : cur ? [cur.sha256] : [];
    if (!shas.length) return;
    const call = bulkCluster
      ? setClusterCategory(caseName, bulkCluster, cat)
      : setCategory(caseName, shas, cat);
    call.then(
      () => {
        setDecided((m) => new Map([...m, ...shas.map((s) => [s, cat] as const)]));
        setMessage(`${labelOf(cat)} · ${t('media.selected', { count: shas.length })}`);
      },
      (e: unknown) => setMessage(t('app.error', { message: e instanceof Error ? e.message : String(e) })),
    );
  };
  return (
    <section className="media-view">
      <PageTitle text={t('media.title')}>{t('media.title')}</PageTitle>
      <MediaFilterForm caseName={caseName} filters={f} categories={categories} onChange={set} />
      <ExportButton caseName={caseName} table="media" filters={{ ...f }} />
      <p className="muted">{t('media.keys')}</p>
      <div className="toolbar">
        <span role="status" data-view-ready={pages.items.length || pages.done ? 'media' : undefined}>
          {t('media.count', { count: num(items.length) })} · {t('media.selected', { count: selected.size })}
        </span>
        <button type="button" onClick={selectCluster} disabled={!items[active]?.cluster}>
          {t('media.selectCluster')}
        </button>
        <button
          type="button"
          onClick={() => (setSelected(new Set()), setBulkCluster(null))}
          disabled={!selected.size}
        >
          {t('media.clearSelection')}
        </button>
        <span aria-live="polite" className="flash">
          {message}
        </span>
        {reveals.data && (
          <span className="muted reveals">
            {t('reveal.today', { count: mine })}
            {person.role === 'supervisor' && ` · ${t('reveal.everyone', { count: reveals.data.total })}`}
          </span>
        )}
      </div>
      <ol className="legend" aria-label={t('media.category')}>
        {categories.map((c) => (
          <li key={c.id}>
            <kbd>{c.key}</kbd> {c.label}
          </li>
        ))}
      </ol>
      <Status loading={pages.loading && !pages.items.length} error={pages.error} />
      {pages.done && !items.length && <p>{t('media.none')}</p>}
      <div className="media-split">
        <MediaGrid
          caseName={caseName}
          items={items}
          categoryOf={categoryOf}
          labelOf={labelOf}
          active={Math.min(active, Math.max(0, items.length - 1))}
          setActive={setActive}
          selected={selected}
          toggle={toggle}
          onDigit={onDigit}
          onOpen={(m) => navigate(`${base}/${m.sha256}${location.search}`)}
          onEnd={pages.loadMore}
          onCluster={selectCluster}
        />
        {sha && (
          <MediaDetail
            key={sha}
            caseName={caseName}
            sha={sha}
            categories={categories}
            onClose={() => navigate(`${base}${location.search}`)}
            onDecided={(c) => setDecided((m) => new Map(m).set(sha, c))}
            onRevealed={reveals.reload}
          />
        )}
      </div>
    </section>
  );
}
