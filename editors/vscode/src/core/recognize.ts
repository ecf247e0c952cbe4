/**
 * Content-based recognition of IMR final determination letters.
 *
 * VS Code's `firstLine` only sees line 1, but letters extracted from PDFs often
 * start with a header block or blank lines, so the extension also looks at the
 * first lines of every `plaintext` document it sees. Pure: no `vscode` import.
 */

import { CASE_NUMBER_LABEL } from './vocabulary';
import { escapeRegExp, HEADING_LINE } from './headings';

/** How many non-blank lines to inspect. Letters are double-spaced, so this covers ~120 raw lines. */
export const DEFAULT_SCAN_LINES = 60;

/** Hard cap on raw lines read, so a file of blank lines cannot make the scan slow. */
const MAX_RAW_LINES = 1000;

const CASE_LABEL = new RegExp(escapeRegExp(CASE_NUMBER_LABEL));
const CASE_NUMBER = /\bCM\d\d-\d{7}\b/;

/**
 * Is this text an IMR letter? True when the first `maxLines` non-blank lines
 * contain one of the section headings alone on its line (any case and spacing), or `Case Number:` followed (on the same
 * or a later line: in reading-order PDF text the labels come before the values)
 * by a `CM` case number.
 *
 * @param getLine returns line `i` or `undefined` past the end; lets callers
 *   avoid copying a large document into one string.
 */
export function looksLikeImrLetter(
  getLine: (i: number) => string | undefined,
  maxLines: number = DEFAULT_SCAN_LINES,
): boolean {
  let seen = 0;
  let sawCaseLabel = false;
  for (let i = 0; i < MAX_RAW_LINES && seen < maxLines; i++) {
    const line = getLine(i);
    if (line === undefined) {
      break;
    }
    if (line.trim() === '') {
      continue;
    }
    seen++;
    if (HEADING_LINE.test(line)) {
      return true;
    }
    const labelAt = line.search(CASE_LABEL);
    if (labelAt >= 0) {
      sawCaseLabel = true;
      if (CASE_NUMBER.test(line.slice(labelAt))) {
        return true;
      }
    } else if (sawCaseLabel && CASE_NUMBER.test(line)) {
      return true;
    }
  }
  return false;
}

/** Convenience wrapper for a whole string (tests, CLI-like callers). */
export function textLooksLikeImrLetter(text: string, maxLines: number = DEFAULT_SCAN_LINES): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  return looksLikeImrLetter((i) => lines[i], maxLines);
}
