/**
 * Folding ranges for IMR letters computed from the text alone (pure).
 *
 * language-configuration.json folding markers need an explicit end marker
 * (like #region/#endregion) and letters have none: a section runs until the
 * next heading and an item until the next item. So the extension registers a
 * FoldingRangeProvider backed by this function instead; it works before (or
 * without) the language server.
 */

import { CASE_NUMBER_LABEL, DECISIONS, LETTER_TITLES, SECTION_HEADINGS } from './vocabulary';
import { escapeRegExp, HEADING_LINE, phrase } from './headings';

export interface Fold {
  /** 0-based first line (the heading or item title line). */
  readonly start: number;
  /** 0-based last line, inclusive. */
  readonly end: number;
  readonly kind: 'letter' | 'section' | 'item';
}

const HEADING = HEADING_LINE;
/** A letter starts with its header block, its first section heading or an older format's title. */
const LETTER_START = new RegExp(
  `^\\s*(?:${escapeRegExp(CASE_NUMBER_LABEL)}|(?:${[...SECTION_HEADINGS.slice(0, 1), ...LETTER_TITLES].map(phrase).join('|')})\\s*$)`,
  'i',
);
const DECISION = `(?:${DECISIONS.map(escapeRegExp).join('|')})`;
const ITEM_LINE = new RegExp(`^\\s*\\S.*:\\s*${DECISION}\\s*$`);
const LONE_DECISION = new RegExp(`^\\s*${DECISION}\\s*$`);
const ENDS_WITH_COLON = /:\s*$/;
const BLANK = /^[\s\f]*$/;

/** Last non-blank line at or before `line`, but not before `floor`. */
function trimEnd(lines: readonly string[], line: number, floor: number): number {
  let l = line;
  while (l > floor && BLANK.test(lines[l] ?? '')) {
    l--;
  }
  return l;
}

/** Title line of the item whose decision stands alone on `line`, if any. */
function wrappedTitleLine(lines: readonly string[], line: number): number | undefined {
  let l = line - 1;
  while (l >= 0 && BLANK.test(lines[l] ?? '')) {
    l--;
  }
  return l >= 0 && ENDS_WITH_COLON.test(lines[l] ?? '') ? l : undefined;
}

export function computeFolds(lines: readonly string[]): Fold[] {
  const folds: Fold[] = [];
  const open: { letter?: number; section?: number; item?: number } = {};
  const close = (kind: Fold['kind'], endBefore: number): void => {
    const start = open[kind];
    if (start === undefined) {
      return;
    }
    const end = trimEnd(lines, endBefore - 1, start);
    if (end > start) {
      folds.push({ start, end, kind });
    }
    open[kind] = undefined;
  };

  // A header block ("Case Number:" …) opens a letter; the heading that follows
  // it belongs to the same letter, so only a heading after a section or item
  // of the current letter starts a new one.
  let letterHasBody = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (LETTER_START.test(text) && (open.letter === undefined || letterHasBody)) {
      close('item', i);
      close('section', i);
      close('letter', i);
      open.letter = i;
      letterHasBody = false;
    }
    if (HEADING.test(text)) {
      close('item', i);
      close('section', i);
      open.section = i;
      letterHasBody = true;
    } else if (ITEM_LINE.test(text)) {
      close('item', i);
      open.item = i;
    } else if (LONE_DECISION.test(text)) {
      const title = wrappedTitleLine(lines, i);
      // Ignore a lone decision that is already part of the open item's title.
      if (title !== undefined && title !== open.item) {
        close('item', title);
        open.item = title;
      }
    }
  }
  close('item', lines.length);
  close('section', lines.length);
  // A single letter needs no fold around the whole file.
  if (folds.some((f) => f.kind === 'letter') || (open.letter ?? 0) > 0) {
    close('letter', lines.length);
  }
  return folds.sort((a, b) => a.start - b.start || b.end - a.end);
}
