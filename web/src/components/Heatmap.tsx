/** An activity heatmap: weekdays × hours, darker for more messages, each count written in its cell. */
import { useI18n } from '../i18n/index.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The 7 × 24 grid as a table (a screen reader reads it as one); `label` names it. */
export function Heatmap({ grid, label }: { grid: number[][]; label: string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...grid.flat());
  return (
    <table className="heatmap">
      <caption className="sr-only">{label}</caption>
      <thead>
        <tr>
          <td />
          {Array.from({ length: 24 }, (_, h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {grid.map((row, d) => (
          <tr key={d}>
            <th scope="row">{t(`actor.day.${DAYS[d] ?? 'mon'}`)}</th>
            {row.map((n, h) => (
              // Light to mid blue only, so the black count keeps a contrast ratio above 4.5 everywhere.
              <td key={h} style={{ backgroundColor: `hsl(210 80% ${97 - Math.round((42 * n) / max)}%)` }}>
                {n || ''}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
