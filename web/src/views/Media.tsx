/** The media grid: filters, virtualised blurred thumbnails, keyboard categorisation, bulk, detail panel. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useSession } from '../session.js';
import type { RevealCounts } from '../types.js';
import { navigate } from '../router.js';
import { PageTitle, Status } from '../components/common.js';
import { MediaGrid } from '../components/MediaGrid.js';
import { MediaDetail } from '../components/MediaDetail.js';
import { ExportButton } from '../components/ExportButton.js';
import { NO_FILTERS, passes, useMediaPages, type MediaFilters } from '../media-pages.js';
import { loadCategories, setCategory, setClusterCategory } from '../triage.js';
import type { Category, MediaItem } from '../types.js';

/** The media view of a case; `sha` opens the detail panel of one file. */
export function MediaView({ caseName, sha }: { caseName: string; sha?: string | undefined }) {
  const { t, num } = useI18n();
  const params = new URLSearchParams(location.search);
  const [f, setF] = useState<MediaFilters>(() => ({
    ...NO_FILTERS,
    status: (params.get('status') as MediaFilters['status'] | null) ?? '',
    actor: params.get('actor') ?? '',
  }));
  const pages = useMediaPages(caseName, f.status);
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
  const items = useMemo(
    () => pages.items.filter((m) => passes(m, f, categoryOf(m))),
    [pages.items, f, categoryOf],
  );
  const chats = useMemo(() => uniq(pages.items.map((m) => m.firstMessage?.chat)), [pages.items]);
  const actors = useMemo(() => uniq(pages.items.map((m) => m.originator)), [pages.items]);
  const set = (k: keyof MediaFilters, v: string) => {
    setF((x) => ({ ...x, [k]: v }));
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
  const base = `/cases/${encodeURIComponent(caseName)}/media`;
  return (
    <section className="media-view">
      <PageTitle text={t('media.title')}>{t('media.title')}</PageTitle>
      <ExportButton caseName={caseName} table="media" filters={{ status: f.status }} />
      <form className="filters" aria-label={t('media.filters')} onSubmit={(e) => e.preventDefault()}>
        <Select
          label={t('media.status')}
          value={f.status}
          onChange={(v) => set('status', v)}
          options={['new', 'known', 'ignored'].map((s) => [s, t(`status.${s as 'new'}`)])}
        />
        <Select
          label={t('media.category')}
          value={f.category}
          onChange={(v) => set('category', v)}
          options={categories.map((c) => [c.id, c.label])}
        />
        <Select
          label={t('media.chat')}
          value={f.chat}
          onChange={(v) => set('chat', v)}
          options={chats.map((c) => [c, c])}
        />
        <Select
          label={t('media.actor')}
          value={f.actor}
          onChange={(v) => set('actor', v)}
          options={actors.map((a) => [a, a])}
        />
        <label>
          {t('media.from')}
          <input type="date" value={f.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          {t('media.to')}
          <input type="date" value={f.to} onChange={(e) => set('to', e.target.value)} />
        </label>
      </form>
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

/** Distinct non-empty values, sorted. */
function uniq(xs: (string | null | undefined)[]): string[] {
  return [...new Set(xs.filter((x): x is string => !!x))].sort();
}

/** A labelled select with an "any" first option. */
function Select(p: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
}) {
  const { t } = useI18n();
  return (
    <label>
      {p.label}
      <select value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        <option value="">{t('media.any')}</option>
        {p.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
