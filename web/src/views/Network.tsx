/** Network: the actor graph (sigma.js), filters by chat, community and media status, search, actor panel, GEXF. */
import { useMemo, useState, type FormEvent } from 'react';
import type { NetworkView } from '../../../src/contracts/network.js';
import { casePath, query } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { PageTitle, Status } from '../components/common.js';
import { graphOf } from '../network/graph.js';
import { EDGE_COLOURS } from '../network/layout.js';
import { SigmaCanvas } from '../network/SigmaCanvas.js';
import { ActorPanel } from '../network/ActorPanel.js';

/** The network view of a case. */
export function Network({ caseName }: { caseName: string }) {
  const { t, num } = useI18n();
  const [f, setF] = useState({ chat: '', community: '', status: '' });
  const q = query({ chat: f.chat, community: f.community, status: f.status });
  const r = useApi<NetworkView>(casePath(caseName, `/network${q}`));
  const graph = useMemo(() => (r.data ? graphOf(r.data) : null), [r.data]);
  const [picked, setPicked] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [missing, setMissing] = useState(false);
  const find = (e: FormEvent) => {
    e.preventDefault();
    const s = search.trim().toLowerCase();
    const hit = s
      ? r.data?.nodes.find((n) => n[0].toLowerCase() === s || n[1].toLowerCase().includes(s))
      : undefined;
    setMissing(!hit);
    if (hit) setPicked(hit[0]);
  };
  const set = (k: keyof typeof f, v: string) => setF({ ...f, [k]: v });
  return (
    <section className="network-view">
      <PageTitle text={t('network.title')}>{t('network.title')}</PageTitle>
      <form className="filters" aria-label={t('network.filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('network.chat')}
          <select value={f.chat} onChange={(e) => set('chat', e.target.value)}>
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
          <select value={f.community} onChange={(e) => set('community', e.target.value)}>
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
          <select value={f.status} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('network.all')}</option>
            {(['new', 'known', 'ignored'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
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
          })}
        </p>
      )}
      <ul className="legend" aria-label={t('network.legend')}>
        {Object.entries(EDGE_COLOURS).map(([k, c]) => (
          <li key={k}>
            <span aria-hidden="true" style={{ color: c }}>
              ━
            </span>{' '}
            {t(`network.edge.${k as 'reply'}`)}
          </li>
        ))}
      </ul>
      <div style={{ display: 'grid', gridTemplateColumns: picked ? '1fr 20rem' : '1fr', gap: '1rem' }}>
        {graph && <SigmaCanvas graph={graph} focus={picked} label={t('network.canvas')} onPick={setPicked} />}
        {picked && <ActorPanel caseName={caseName} id={picked} onClose={() => setPicked(null)} />}
      </div>
    </section>
  );
}
