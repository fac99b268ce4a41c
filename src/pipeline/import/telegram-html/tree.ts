/** A minimal element tree built from parser events: only for the blocks the importer reads, then dropped. */
export interface El {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly classes: readonly string[];
  readonly children: HtmlNode[];
}

/** A node of the mini tree: an element or decoded text. */
export type HtmlNode = El | string;

/** Build an element. */
export function el(tag: string, attrs: Record<string, string>): El {
  const classes = (attrs.class ?? '').split(/\s+/).filter((c) => c.length > 0);
  return { tag, attrs, classes, children: [] };
}

/** True when `n` is an element (not text). */
export function isEl(n: HtmlNode | undefined): n is El {
  return typeof n === 'object' && n !== null;
}

/** True when the element carries every class given. */
export function hasClass(e: El, ...names: string[]): boolean {
  return names.every((n) => e.classes.includes(n));
}

/** Direct element children. */
export function childEls(e: El): El[] {
  return e.children.filter(isEl);
}

/** First direct child element with all the given classes. */
export function childWith(e: El, ...names: string[]): El | undefined {
  return childEls(e).find((c) => hasClass(c, ...names));
}

/** First descendant (depth-first, pre-order) matching the predicate. */
export function findDeep(e: El, pred: (x: El) => boolean): El | undefined {
  for (const c of childEls(e)) {
    if (pred(c)) return c;
    const d = findDeep(c, pred);
    if (d) return d;
  }
  return undefined;
}

/** Concatenated decoded text of a subtree; `<br>` gives a newline. */
export function textOf(n: HtmlNode): string {
  if (!isEl(n)) return n;
  if (n.tag === 'br') return '\n';
  return n.children.map(textOf).join('');
}

/** Text of a subtree with the exporter's layout whitespace (leading newline, trailing newline + indent) removed. */
export function trimmedText(n: HtmlNode): string {
  return textOf(n).trim();
}

/** Text directly inside the element (not in child elements), layout whitespace trimmed. */
export function ownText(e: El): string {
  return e.children
    .filter((c): c is string => typeof c === 'string')
    .join('')
    .replace(/^\n/, '')
    .replace(/\n *$/, '');
}
