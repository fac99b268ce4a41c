/** The virtualised grid of blurred thumbnails, driven by the keyboard (a multi-select listbox). */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useI18n } from '../i18n/index.js';
import { thumbnailUrl } from '../triage.js';
import type { MediaItem } from '../types.js';

const CELL = 168;

/** What the grid asks of its owner. */
export interface MediaGridProps {
  caseName: string;
  items: MediaItem[];
  categoryOf: (m: MediaItem) => string | null;
  labelOf: (category: string | null) => string;
  active: number;
  setActive: (i: number) => void;
  selected: ReadonlySet<string>;
  toggle: (sha: string) => void;
  /** A digit key (0–9) sets the category with that key; -1 (Delete) clears it. */
  onDigit: (digit: number) => void;
  onOpen: (m: MediaItem) => void;
  /** `c`: select the active item's whole cluster. */
  onCluster: () => void;
  onEnd: () => void;
}

/** A grid of rows of thumbnails; only the rows on screen are in the DOM. */
export function MediaGrid(p: MediaGridProps) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [cols, setCols] = useState(4);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const fit = () => setCols(Math.max(1, Math.floor((el.clientWidth - 8) / CELL)));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const rows = Math.ceil(p.items.length / cols);
  const v = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => CELL,
    overscan: 3,
  });
  const { onEnd } = p;
  const virtualRows = v.getVirtualItems();
  const lastRow = virtualRows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rows > 0 && lastRow >= rows - 2) onEnd();
  }, [lastRow, rows, onEnd]);
  useEffect(() => {
    if (p.items.length) v.scrollToIndex(Math.floor(p.active / cols));
  }, [p.active, cols, v, p.items.length]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = p.items.length;
    if (!n) return;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols };
    const m = moves[e.key];
    if (m !== undefined) {
      e.preventDefault();
      p.setActive(Math.min(n - 1, Math.max(0, p.active + m)));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      p.setActive(e.key === 'Home' ? 0 : n - 1);
    } else if (e.key === ' ') {
      e.preventDefault();
      const it = p.items[p.active];
      if (it) p.toggle(it.sha256);
    } else if (e.key === 'Enter') {
      const it = p.items[p.active];
      if (it) p.onOpen(it);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      p.onDigit(-1);
    } else if (e.key === 'c' || e.key === 'C') {
      e.preventDefault();
      p.onCluster();
    } else if (/^[0-9]$/.test(e.key) && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      p.onDigit(Number(e.key));
    }
  };
  const activeItem = p.items[p.active];
  return (
    <div
      ref={scroller}
      className="grid-scroll"
      role="listbox"
      aria-label={t('media.grid')}
      aria-multiselectable="true"
      aria-activedescendant={activeItem ? `m-${activeItem.sha256}` : undefined}
      tabIndex={0}
      onKeyDown={onKey}
    >
      <div className="grid-inner" style={{ height: v.getTotalSize() }}>
        {virtualRows.map((row) => (
          <div
            key={row.key}
            className="grid-row"
            role="presentation"
            style={{ transform: `translateY(${row.start}px)`, height: CELL }}
          >
            {p.items.slice(row.index * cols, row.index * cols + cols).map((m, j) => {
              const i = row.index * cols + j;
              const cat = p.categoryOf(m);
              return (
                <div
                  key={m.sha256}
                  id={`m-${m.sha256}`}
                  role="option"
                  aria-selected={p.selected.has(m.sha256)}
                  className={`cell${i === p.active ? ' active' : ''}${p.selected.has(m.sha256) ? ' selected' : ''}`}
                  data-sha={m.sha256}
                  onClick={() => p.setActive(i)}
                  onDoubleClick={() => p.onOpen(m)}
                >
                  <img
                    src={thumbnailUrl(p.caseName, m.sha256)}
                    alt={t('media.thumbAlt', { sha: m.sha256.slice(0, 12) })}
                    loading="lazy"
                    width={128}
                    height={128}
                  />
                  <span
                    className={`badge ${m.status}`}
                    title={
                      m.uncertain
                        ? t('uncertain.why', {
                            quality: m.uncertain.quality ?? '?',
                            threshold: m.uncertain.threshold,
                          })
                        : undefined
                    }
                  >
                    {t(`status.${m.status}`)}
                  </span>
                  {cat !== null && <span className="badge cat">{p.labelOf(cat)}</span>}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
