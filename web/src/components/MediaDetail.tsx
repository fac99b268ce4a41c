/** Detail panel of one media file: hashes, list matches (list, signal, distance), occurrences, category, reveal. */
import { useState, type FormEvent } from 'react';
import { casePath } from '../api.js';
import { useApi } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { saveDecision, thumbnailUrl } from '../triage.js';
import type { Category, MediaItem } from '../types.js';
import { Hash, Status, UncertainWhy, UndercoverBadge } from './common.js';
import { Reveal } from './Reveal.js';
import { MessageLink } from './MessageLink.js';

/** show-media's answer: the item, its matches' why and its occurrences. */
type MediaDetailBody = MediaItem & {
  occurrenceList?: { chat_id: string; message_id: number; role: string; path: string }[];
};

/** The panel; `onDecided` tells the grid the new category. */
export function MediaDetail(p: {
  caseName: string;
  sha: string;
  categories: Category[];
  onClose: () => void;
  onDecided: (category: string | null) => void;
  onRevealed?: () => void;
}) {
  const { t, date } = useI18n();
  const r = useApi<MediaDetailBody>(casePath(p.caseName, `/media/${p.sha}`));
  const [saved, setSaved] = useState<string>('');
  const m = r.data;
  const suggested = m?.suggestions.map((x) => `${x.category} (${x.list})`).join(', ') ?? '';
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const category = String(f.get('category') ?? '') || null;
    const tags = String(f.get('tags') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    saveDecision(p.caseName, p.sha, { category, tags, note: String(f.get('note') ?? '') }).then(
      () => {
        setSaved(t('detail.saved'));
        p.onDecided(category);
      },
      (err: unknown) =>
        setSaved(t('app.error', { message: err instanceof Error ? err.message : String(err) })),
    );
  };
  return (
    <aside className="detail card" aria-labelledby="detail-h" data-view-ready={m ? 'detail' : undefined}>
      <div className="row">
        <h2 id="detail-h">{t('detail.title', { sha: p.sha.slice(0, 12) })}</h2>
        <button type="button" onClick={p.onClose}>
          {t('app.close')}
        </button>
      </div>
      <Status loading={r.loading} error={r.error} />
      {m && (
        <>
          <img
            className="thumb-lg"
            src={thumbnailUrl(p.caseName, m.sha256)}
            alt={t('media.thumbAlt', { sha: m.sha256.slice(0, 12) })}
            width={256}
            height={256}
          />
          <Reveal caseName={p.caseName} sha={m.sha256} onRevealed={p.onRevealed} />
          <h3>{t('detail.hashes')}</h3>
          <dl className="hashes">
            <dt>SHA-256</dt>
            <dd>
              <Hash value={m.sha256} n={64} />
            </dd>
            <dt>MD5</dt>
            <dd>
              <Hash value={m.md5} n={32} />
            </dd>
            <dt>PDQ</dt>
            <dd>
              <Hash value={m.pdq} n={64} />
            </dd>
          </dl>
          <p>
            {t(`status.${m.status}`)} · {t('detail.firstSeen', { date: date(m.firstSeen) })}
            {m.originator && (
              <>
                {' · '}
                {t('detail.firstPoster', { actor: m.originator })}{' '}
                <UndercoverBadge on={m.originatorUndercover} />
              </>
            )}
          </p>
          <UncertainWhy why={m.uncertain} />
          <h3>{t('detail.matches')}</h3>
          {m.matches.length === 0 ? (
            <p>{t('detail.noMatch')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('detail.list')}</th>
                  <th scope="col">{t('detail.signal')}</th>
                  <th scope="col">{t('detail.distance')}</th>
                  <th scope="col">{t('media.category')}</th>
                </tr>
              </thead>
              <tbody>
                {m.matches.map((x, i) => (
                  <tr key={i}>
                    <td>{x.list}</td>
                    <td>{x.signalType}</td>
                    <td>{x.distance}</td>
                    <td>{x.category ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>
            {t('detail.occurrences')} ({m.occurrences})
          </h3>
          <ul className="occ">
            {(m.occurrenceList ?? []).map((o, i) => (
              <li key={i}>
                <MessageLink
                  caseName={p.caseName}
                  chat={o.chat_id}
                  message={o.message_id}
                >{`${o.chat_id} #${o.message_id}`}</MessageLink>{' '}
                <span className="muted">{o.role}</span>
              </li>
            ))}
          </ul>
          <form onSubmit={submit} className="decision">
            <h3>{t('detail.decision')}</h3>
            {suggested && <p className="muted">{t('detail.suggested', { category: suggested })}</p>}
            <label>
              {t('media.category')}
              <select name="category" defaultValue={m.decision?.category ?? ''}>
                <option value="">—</option>
                {p.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.key}. {c.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('detail.tags')}
              <input name="tags" defaultValue={(m.decision?.tags ?? []).join(', ')} />
            </label>
            <label>
              {t('detail.note')}
              <textarea name="note" rows={2} defaultValue={m.decision?.note ?? ''} />
            </label>
            <button type="submit">{t('detail.save')}</button>
            <span aria-live="polite">{saved}</span>
          </form>
        </>
      )}
    </aside>
  );
}
