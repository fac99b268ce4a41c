/** The media grid's filters: status, category, chat (picked from the chats listing), actor (searched), dates. */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { api, casePath, query } from '../api.js';
import { useApi } from '../hooks.js';
import type { MediaFilters } from '../media-pages.js';
import type { Category, Page } from '../types.js';

/** A chat of the chats listing (the fields the picker shows). */
interface ChatOption {
  id: string;
  title: string | null;
}

/** An actor of the actors listing (the fields the search shows). */
interface ActorOption {
  id: string;
  names: string[];
}

/** The filter form; every change goes to `onChange` (which puts it in the URL). */
export function MediaFilterForm(p: {
  caseName: string;
  filters: MediaFilters;
  categories: Category[];
  onChange: (k: keyof MediaFilters, v: string) => void;
}) {
  const { t } = useI18n();
  const f = p.filters;
  const chats = useApi<Page<ChatOption>>(casePath(p.caseName, '/chats?limit=1000'));
  return (
    <form className="filters" aria-label={t('media.filters')} onSubmit={(e) => e.preventDefault()}>
      <Select
        label={t('media.status')}
        value={f.status}
        onChange={(v) => p.onChange('status', v)}
        options={(['new', 'known', 'ignored', 'uncertain'] as const).map((s) => [s, t(`status.${s}`)])}
      />
      <Select
        label={t('media.category')}
        value={f.category}
        onChange={(v) => p.onChange('category', v)}
        options={[
          ['none', t('media.uncategorised')],
          ...p.categories.map((c): [string, string] => [c.id, c.label]),
        ]}
      />
      <Select
        label={t('media.chat')}
        value={f.chat}
        onChange={(v) => p.onChange('chat', v)}
        options={(chats.data?.items ?? []).map((c) => [c.id, c.title ? `${c.title} (${c.id})` : c.id])}
      />
      <ActorSearch caseName={p.caseName} value={f.actor} onChange={(v) => p.onChange('actor', v)} />
      <label>
        {t('media.from')}
        <input type="date" value={f.from} onChange={(e) => p.onChange('from', e.target.value)} />
      </label>
      <label>
        {t('media.to')}
        <input type="date" value={f.to} onChange={(e) => p.onChange('to', e.target.value)} />
      </label>
    </form>
  );
}

/** A search box over the actors listing (id or name): suggestions as the person types; a suggestion or Enter applies. */
function ActorSearch(p: { caseName: string; value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(p.value);
  const [found, setFound] = useState<ActorOption[]>([]);
  useEffect(() => setText(p.value), [p.value]);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2 || q === p.value) return;
    let live = true;
    const timer = setTimeout(() => {
      api<Page<ActorOption>>(casePath(p.caseName, `/actors${query({ search: q, limit: 20 })}`)).then(
        (r) => live && setFound(r.items),
        () => live && setFound([]),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, p.caseName, p.value]);
  const pick = (v: string) => {
    setText(v);
    if (v.trim() === '' || found.some((a) => a.id === v)) p.onChange(v.trim());
  };
  return (
    <label>
      {t('media.actorSearch')}
      <input
        type="search"
        list="actor-options"
        value={text}
        onChange={(e) => pick(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') p.onChange(text.trim());
        }}
      />
      <datalist id="actor-options">
        {found.map((a) => (
          <option key={a.id} value={a.id}>
            {a.names.at(-1) ?? a.id}
          </option>
        ))}
      </datalist>
    </label>
  );
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
