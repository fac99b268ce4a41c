/** Network: the actor graph (sigma.js), filters by chat, community and media status, search, click → actor page, GEXF. */
import { useMemo, useState, type FormEvent } from 'react';
import type { NetworkView } from '../../../src/contracts/network.js';
import { casePath, query } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { PageTitle, Status } from '../components/common.js';
import { navigate } from '../router.js';
import { graphOf } from '../network/graph.js';
import { EDGE_COLOURS, UNDERCOVER_COLOUR } from '../network/layout.js';
import { SigmaCanvas } from '../network/SigmaCanvas.js';
import { ActorPanel, actorPagePath } from '../network/ActorPanel.js';

type Filters = { chat: string; community: string; status: string; comembership: boolean };

/** The network view of a case. */
export function Network({ caseName }: { caseName: string }) {
  const { t, num } = useI18n();
  const [f, setF] = useState<Filters>({ chat: '', community: '', status: '', comembership: false });
  const q = query({ chat: f.chat, community: f.community, status: f.status });
  const co = f.comembership ? `${q ? '&' : '?'}comembership=true` : '';
  const r = useApi<NetworkView>(casePath(caseName, `/network${q}${co}`));
  const graph = useMemo(() => (r.data ? graphOf(r.data) : null), [r.data]);
  const [focus, setFocus] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [missing, setMissing] = useState(false);
  const find = (e: FormEvent) => {
    e.preventDefault();
    const s = search.trim().toLowerCase();
    const nodes = r.data?.nodes ?? [];
    const hit = s
      ? (nodes.find((n) => n[0].toLowerCase() === s) ?? nodes.find((n) => n[1].toLowerCase().includes(s)))
      : undefined;
    setMissing(!hit);
    setFocus(hit ? hit[0] : null);
  };
  const set = (patch: Partial<Filters>) => {
    setFocus(null);
    setF({ ...f, ...patch });
  };
  return (
    <section className="network-view">
      <PageTitle text={t('network.title')}>{t('network.title')}</PageTitle>
      <form className="filters" aria-label={t('network.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('network.chat')}
          <select value={f.chat} onChange={(e) => set({ chat: e.target.value })}>
            <option value="">{t('network.all')}</option>
            {r.data?.chats.map(([id, title]) => (
              <option key={id} value={id}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('network.community')}
          <select value={f.community} onChange={(e) => set({ community: e.target.value })}>
            <option value="">{t('network.all')}</option>
            {r.data?.communities.map(([c, n]) => (
              <option key={c} value={c}>
                {t('network.communityOption', { c, n })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('network.status')}
          <select value={f.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t('network.all')}</option>
            {(['new', 'known', 'ignored'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={f.comembership}
            onChange={(e) => set({ comembership: e.target.checked })}
          />{' '}
          {t('network.comembership')}
        </label>
      </form>
      <div className="toolbar">
        <form role="search" onSubmit={find}>
          <label>
            {t('network.search')}{' '}
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>{' '}
          <button type="submit">{t('network.find')}</button>
        </form>
        <a href={`/api/v1${casePath(caseName, `/network.gexf${q}`)}`} download>
          {t('network.export')}
        </a>
        {missing && <span role="status">{t('network.notFound')}</span>}
      </div>
      <Status loading={r.loading} error={r.error} />
      {r.data && (
        <p className="muted">
          {t('network.summary', {
            nodes: num(r.data.nodes.length),
            edges: num(r.data.edges.length),
            selected: num(r.data.selected),
          })}{' '}
          {t('network.hint')}
        </p>
      )}
      <ul className="legend" aria-label={t('network.legend')}>
        {Object.entries(EDGE_COLOURS).map(([k, c]) => (
          <li key={k}>
            <span aria-hidden="true" style={{ color: c }}>
              ━
            </span>{' '}
            {t(`network.edge.${k as keyof typeof EDGE_COLOURS}`)}
          </li>
        ))}
        <li>
          <span aria-hidden="true" style={{ color: UNDERCOVER_COLOUR }}>
            ●
          </span>{' '}
          {t('network.undercover')}
        </li>
      </ul>
      <div style={{ display: 'grid', gridTemplateColumns: focus ? '1fr 20rem' : '1fr', gap: '1rem' }}>
        {graph && (
          <SigmaCanvas
            graph={graph}
            focus={focus}
            label={t('network.canvas')}
            onPick={(id) => navigate(actorPagePath(caseName, id))}
          />
        )}
        {focus && <ActorPanel caseName={caseName} id={focus} onClose={() => setFocus(null)} />}
      </div>
    </section>
  );
}
