/** The actor the search focused in the network: its profile from `actors.get` and a link to its page. */
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { Link, Status } from '../components/common.js';

interface ActorBrief {
  id: string;
  names: string[];
  chats: string[];
  messages: number;
  community: number | null;
  pagerank: number | null;
  attribution: { country: string | null; probability: number; abstained: boolean } | null;
}

/** The actor page's path (engineer A's view). */
export function actorPagePath(caseName: string, id: string): string {
  return `/cases/${encodeURIComponent(caseName)}/actors/${encodeURIComponent(id)}`;
}

/** The focused actor's names, figures, chats and country, and the way to its page. */
export function ActorPanel({ caseName, id, onClose }: { caseName: string; id: string; onClose: () => void }) {
  const { t, num } = useI18n();
  const r = useApi<ActorBrief>(casePath(caseName, `/actors/${encodeURIComponent(id)}`));
  const a = r.data;
  return (
    <aside className="actor-panel" aria-label={t('network.actor')} data-actor={id}>
      <h2>{a?.names.at(-1) ?? id}</h2>
      <Status loading={r.loading} error={r.error} />
      {a && (
        <dl>
          <dt>{t('network.actorId')}</dt>
          <dd>{a.id}</dd>
          <dt>{t('network.names')}</dt>
          <dd>{a.names.join(', ') || '—'}</dd>
          <dt>{t('network.messages')}</dt>
          <dd>{num(a.messages)}</dd>
          <dt>{t('network.community')}</dt>
          <dd>{a.community ?? '—'}</dd>
          <dt>{t('network.pagerank')}</dt>
          <dd>{a.pagerank === null ? '—' : a.pagerank.toFixed(4)}</dd>
          <dt>{t('network.country')}</dt>
          <dd>
            {a.attribution && !a.attribution.abstained && a.attribution.country
              ? `${a.attribution.country} (${Math.round(a.attribution.probability * 100)} %)`
              : '—'}
          </dd>
          <dt>{t('network.chats')}</dt>
          <dd>{a.chats.join(', ') || '—'}</dd>
        </dl>
      )}
      <p>
        <Link to={actorPagePath(caseName, id)}>{t('network.openActor')}</Link>
      </p>
      <button type="button" onClick={onClose}>
        {t('network.close')}
      </button>
    </aside>
  );
}
