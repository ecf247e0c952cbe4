/**
 * Regular expressions built from the parser's vocabulary (`vocabulary.ts`, generated from the
 * Rust tables), read as the parser reads them: headings in any case, any run of spaces as any
 * whitespace (PDF text wraps and double-spaces). Pure: no `vscode` import.
 */

import { SECTION_HEADINGS } from './vocabulary';

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A phrase as a regular expression source: specials escaped, spaces as any whitespace. */
export function phrase(s: string): string {
  return s.split(' ').map(escapeRegExp).join('\\s+');
}

/** A line that is a section heading, alone on its line. */
export const HEADING_LINE = new RegExp(
  `^\\s*(?:${SECTION_HEADINGS.map(phrase).join('|')})\\s*$`,
  'i',
);
