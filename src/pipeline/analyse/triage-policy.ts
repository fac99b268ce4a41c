import * as z from 'zod';
import { AppError } from '../../domain/errors.js';
import { DEFAULT_POLICY, type TriagePolicy } from './default-policy.js';

const num = z.number().finite().min(0);
const PolicyFile = z
  .object({
    name: z.string().optional(),
    factors: z
      .object({
        newClusters: z.object({ weight: num, half: num.positive() }).partial().strict(),
        production: z.object({ weight: num, half: num.positive(), possibleWeight: num }).partial().strict(),
        knownMedia: z
          .object({ weight: num, half: num.positive(), categories: z.record(z.string(), num) })
          .partial()
          .strict(),
        lexicon: z.object({ weight: num, half: num.positive() }).partial().strict(),
        reach: z
          .object({ weight: num, half: num.positive(), chatWeight: num, repostWeight: num })
          .partial()
          .strict(),
        centrality: z.object({ weight: num, half: num.positive() }).partial().strict(),
        recency: z.object({ weight: num, halfLifeDays: num.positive() }).partial().strict(),
        home: z.object({ weight: num }).partial().strict(),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

type Scalar = string | number | boolean | null;
type YamlValue = Scalar | { [k: string]: YamlValue };

function scalar(s: string): Scalar {
  const t = s.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (/^(['"]).*\1$/.test(t)) return t.slice(1, -1);
  return t;
}

/** Parse the YAML subset policies use: nested maps by indentation, scalars, `#` comments. */
export function parseYamlMap(text: string, file: string): Record<string, YamlValue> {
  const root: Record<string, YamlValue> = {};
  const stack: Array<{ indent: number; obj: Record<string, YamlValue> }> = [{ indent: -1, obj: root }];
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, '');
    if (line.trim() === '') return;
    const indent = line.length - line.trimStart().length;
    const m = /^\s*(?:"([^"]+)"|'([^']+)'|([^:]+?))\s*:(?:\s+(.*))?$/.exec(line);
    if (!m || line.includes('\t'))
      throw new AppError(
        'POLICY_INVALID',
        `${file}: line ${i + 1}: expected "key: value" (a YAML map; lists are not supported)`,
      );
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.obj;
    const key = (m[1] ?? m[2] ?? m[3]!).trim();
    if (m[4] === undefined || m[4].trim() === '') {
      const child: Record<string, YamlValue> = {};
      parent[key] = child;
      stack.push({ indent, obj: child });
    } else parent[key] = scalar(m[4]);
  });
  return root;
}

/** Parse a policy file (JSON or YAML) over the default policy; errors name the file and the field. */
export function parsePolicy(text: string, file: string): TriagePolicy {
  let data: unknown;
  if (/^\s*\{/.test(text)) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new AppError('POLICY_INVALID', `${file}: not valid JSON: ${(e as Error).message}`);
    }
  } else data = parseYamlMap(text, file);
  const r = PolicyFile.safeParse(data);
  if (!r.success) {
    const iss = r.error.issues[0]!;
    throw new AppError('POLICY_INVALID', `${file}: ${iss.path.join('.') || '(root)'}: ${iss.message}`);
  }
  const f = r.data.factors ?? {};
  const d = DEFAULT_POLICY.factors;
  return {
    name: r.data.name ?? file,
    factors: {
      newClusters: { ...d.newClusters, ...f.newClusters },
      production: { ...d.production, ...f.production },
      knownMedia: {
        ...d.knownMedia,
        ...f.knownMedia,
        categories: { ...d.knownMedia.categories, ...f.knownMedia?.categories },
      },
      lexicon: { ...d.lexicon, ...f.lexicon },
      reach: { ...d.reach, ...f.reach },
      centrality: { ...d.centrality, ...f.centrality },
      recency: { ...d.recency, ...f.recency },
      home: { ...d.home, ...f.home },
    },
  };
}
