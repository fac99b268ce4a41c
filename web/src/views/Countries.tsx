/** Countries: a world map shaded by attributed actors (or targets), a table beside it, a country's lists. */
import { useMemo, useState } from 'react';
import type { CountryDetail } from '../../../src/contracts/countries.js';
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { Link, PageTitle, Status, UndercoverBadge } from '../components/common.js';
import { actorPagePath } from '../network/ActorPanel.js';
import { countryName, MAP_SIZE, shadeOf, worldShapes } from '../map/world.js';

interface CountryList {
  items: Array<{ country: string; actors: number; targets: number }>;
  unattributed: number;
}

/** The countries view of a case. */
export function Countries({ caseName }: { caseName: string }) {
  const { t, num, lang } = useI18n();
  const r = useApi<CountryList>(casePath(caseName, '/countries'));
  const [by, setBy] = useState<'actors' | 'targets'>('actors');
  const [open, setOpen] = useState<string | null>(null);
  const shapes = useMemo(() => worldShapes(), []);
  const items = r.data?.items ?? [];
  const counts = new Map(items.map((i) => [i.country, i[by]]));
  const max = Math.max(0, ...counts.values());
  return (
    <section className="countries-view">
      <PageTitle text={t('countries.title')}>{t('countries.title')}</PageTitle>
      <fieldset className="filters">
        <legend>{t('countries.shade')}</legend>
        {(['actors', 'targets'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="shade" checked={by === k} onChange={() => setBy(k)} />{' '}
            {t(`countries.${k}`)}
          </label>
        ))}
      </fieldset>
      <Status loading={r.loading} error={r.error} />
      {r.data && (
        <div
          style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(16rem, 1fr)', gap: '1rem' }}
        >
          <svg
            viewBox={`0 0 ${MAP_SIZE.width} ${MAP_SIZE.height}`}
            role="img"
            aria-label={t('countries.map')}
            data-view-ready="countries"
            style={{ width: '100%', height: 'auto', background: '#f7fbff' }}
          >
            {shapes.map((s, i) => {
              const n = s.cc ? (counts.get(s.cc) ?? 0) : 0;
              return (
                <path
                  key={i}
                  d={s.d}
                  fill={shadeOf(n, max)}
                  stroke="#ffffff"
                  strokeWidth={0.5}
                  data-cc={s.cc ?? undefined}
                  data-count={n}
                  onClick={() => s.cc && n > 0 && setOpen(s.cc)}
                  style={{ cursor: n > 0 ? 'pointer' : 'default' }}
                >
                  <title>{`${s.cc ? countryName(s.cc, lang) : s.name}: ${num(n)}`}</title>
                </path>
              );
            })}
          </svg>
          <table className="countries">
            <caption className="muted">
              {t('countries.unattributed', { n: num(r.data.unattributed) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('countries.country')}</th>
                <th scope="col">{t('countries.actors')}</th>
                <th scope="col">{t('countries.targets')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.country}>
                  <td>
                    <button
                      type="button"
                      className="linkish"
                      aria-expanded={open === i.country}
                      onClick={() => setOpen(open === i.country ? null : i.country)}
                    >
                      {countryName(i.country, lang)} ({i.country})
                    </button>
                  </td>
                  <td>{num(i.actors)}</td>
                  <td>{num(i.targets)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.data && items.length === 0 && <p>{t('countries.none')}</p>}
      {open && <CountryLists caseName={caseName} cc={open} />}
    </section>
  );
}

/** One country's actors and targets with the attribution's probability. */
function CountryLists({ caseName, cc }: { caseName: string; cc: string }) {
  const { t, lang } = useI18n();
  const r = useApi<CountryDetail>(casePath(caseName, `/countries/${cc}`));
  const pct = (p: number) => `${Math.round(p * 100)} %`;
  return (
    <section className="country-detail" data-country={cc}>
      <h2>{countryName(cc, lang)}</h2>
      <Status loading={r.loading} error={r.error} />
      {r.data && (
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '1rem' }}>
          <table>
            <caption>{t('countries.actors')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('countries.actor')}</th>
                <th scope="col">{t('countries.name')}</th>
                <th scope="col">{t('countries.probability')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.actors.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={actorPagePath(caseName, a.id)}>{a.id}</Link>{' '}
                    <UndercoverBadge on={a.undercover} />
                  </td>
                  <td>{a.name ?? '—'}</td>
                  <td>{pct(a.probability)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>{t('countries.targets')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('countries.rank')}</th>
                <th scope="col">{t('countries.actor')}</th>
                <th scope="col">{t('countries.score')}</th>
                <th scope="col">{t('countries.probability')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.targets.map((x) => (
                <tr key={x.actor}>
                  <td>{x.rank}</td>
                  <td>
                    <Link to={actorPagePath(caseName, x.actor)}>{x.actor}</Link>
                  </td>
                  <td>{x.score.toFixed(3)}</td>
                  <td>{pct(x.probability)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
