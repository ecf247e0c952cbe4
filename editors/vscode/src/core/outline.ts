/**
 * Pure logic over the server's document outline (no `vscode` import, so it is
 * unit-tested with node's test runner).
 *
 * The server reports one DocumentSymbol per disputed item (kind Class, `detail`
 * = "Upheld" | "Overturned" | "missing"), nested under section symbols (kind
 * Namespace) and, when a file holds several letters, under a letter symbol
 * (kind Module). The shapes below are the structural subset of
 * `vscode.DocumentSymbol` this module needs, so real symbols can be passed in.
 */

export interface Pos {
  readonly line: number;
  readonly character: number;
}

export interface Span {
  readonly start: Pos;
  readonly end: Pos;
}

export interface OutlineSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: number;
  readonly range: Span;
  readonly selectionRange: Span;
  readonly children?: readonly OutlineSymbol[];
}

/**
 * Numeric values of `vscode.SymbolKind` (0-based, unlike LSP's 1-based enum).
 * The extension passes `vscode.SymbolKind.Class` explicitly; this default only
 * serves tests and must stay equal to it.
 */
export const VSCODE_SYMBOL_KIND_CLASS = 4;

export type Decision = 'upheld' | 'overturned' | 'missing';

export interface ItemCounts {
  readonly items: number;
  readonly upheld: number;
  readonly overturned: number;
  /** Items whose decision is missing or not a known word. */
  readonly undecided: number;
}

export function comparePos(a: Pos, b: Pos): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/**
 * All disputed items in document order. Items are found at any depth (under a
 * section, under a letter, or at top level if the server flattens); an item's
 * own children are not searched, since items do not nest.
 */
export function collectItems(
  symbols: readonly OutlineSymbol[],
  itemKind: number = VSCODE_SYMBOL_KIND_CLASS,
): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  const walk = (list: readonly OutlineSymbol[]): void => {
    for (const s of list) {
      if (s.kind === itemKind) {
        out.push(s);
      } else if (s.children && s.children.length > 0) {
        walk(s.children);
      }
    }
  };
  walk(symbols);
  // Providers usually return document order, but nothing guarantees it.
  return out.sort((a, b) => comparePos(a.selectionRange.start, b.selectionRange.start));
}

export function decisionOf(item: OutlineSymbol): Decision {
  const d = (item.detail ?? '').trim().toLowerCase();
  if (d === 'upheld') {
    return 'upheld';
  }
  if (d === 'overturned') {
    return 'overturned';
  }
  return 'missing';
}

export function countItems(items: readonly OutlineSymbol[]): ItemCounts {
  let upheld = 0;
  let overturned = 0;
  let undecided = 0;
  for (const item of items) {
    switch (decisionOf(item)) {
      case 'upheld':
        upheld++;
        break;
      case 'overturned':
        overturned++;
        break;
      default:
        undecided++;
    }
  }
  return { items: items.length, upheld, overturned, undecided };
}

/** `1 item`, `0 items`, `2 problems`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/**
 * Status bar text, e.g. `3 items · 2 upheld · 1 overturned · 1 problem`.
 * "upheld"/"overturned" are participles and do not inflect.
 */
export function summaryText(counts: ItemCounts, problems: number): string {
  return [
    plural(counts.items, 'item'),
    `${counts.upheld} upheld`,
    `${counts.overturned} overturned`,
    plural(problems, 'problem'),
  ].join(' · ');
}

/** Longer text for the status bar tooltip. */
export function summaryTooltip(counts: ItemCounts, problems: number): string {
  const lines = [
    `${plural(counts.items, 'disputed item')}: ${counts.upheld} upheld, ${counts.overturned} overturned`,
  ];
  if (counts.undecided > 0) {
    lines.push(`${plural(counts.undecided, 'item')} without a valid decision`);
  }
  lines.push(`${plural(problems, 'problem')} (errors and warnings). Click to open the Problems view.`);
  return lines.join('\n');
}

export interface DiagnosticLike {
  readonly severity: number;
  readonly source?: string;
}

/**
 * Problems = diagnostics from the IMR server that are errors or warnings.
 * Severity values are passed in (vscode.DiagnosticSeverity) to keep this pure.
 */
export function countProblems(
  diagnostics: readonly DiagnosticLike[],
  severities: { readonly error: number; readonly warning: number },
  source = 'imr',
): number {
  return diagnostics.filter(
    (d) => d.source === source && (d.severity === severities.error || d.severity === severities.warning),
  ).length;
}

export type Direction = 'next' | 'prev';

export interface ItemTarget {
  readonly item: OutlineSymbol;
  /** 0-based index in document order. */
  readonly index: number;
  /** True when the search ran off one end and continued from the other. */
  readonly wrapped: boolean;
}

/**
 * The item to jump to from `cursor`: for `next`, the first item whose title
 * starts strictly after the cursor; for `prev`, the last one strictly before
 * it (so from inside an item, `prev` first goes to that item's own title).
 * Wraps around; `undefined` when there are no items.
 */
export function findItemTarget(
  items: readonly OutlineSymbol[],
  cursor: Pos,
  direction: Direction,
): ItemTarget | undefined {
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) {
    return undefined;
  }
  if (direction === 'next') {
    const index = items.findIndex((it) => comparePos(it.selectionRange.start, cursor) > 0);
    const item = items[index];
    return item !== undefined ? { item, index, wrapped: false } : { item: first, index: 0, wrapped: true };
  }
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (item !== undefined && comparePos(item.selectionRange.start, cursor) < 0) {
      return { item, index, wrapped: false };
    }
  }
  return { item: last, index: items.length - 1, wrapped: true };
}
