/**
 * Runs the grammar over every real seed letter and checks the structure that
 * matters when reading one: each decision and each section heading is scoped.
 * The expectations come from plain regexes over the text, not from the
 * grammar, so a grammar regression cannot hide itself.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir } from '../paths';
import { hasScope, tokenizeLines, type Token } from './tokenize';

const DECISION_LINE = /(?:^|:)\s*(Upheld|Overturned)\s*$/;
const HEADING_LINE = /^\s*(HOW THE IMR FINAL DETERMINATION WAS MADE|CLINICAL CASE SUMMARY|IMR ISSUES, DECISIONS AND RATIONALES)\s*$/;
const DECISION_SCOPE = 'keyword.other.decision.';

const letterDir = path.join(fixturesDir, 'letters');
const letters = fs.readdirSync(letterDir).filter((n) => n.endsWith('.txt')).sort();

function tokenAt(tokens: readonly Token[], column: number): Token | undefined {
  return tokens.find((t) => t.start <= column && column < t.start + t.text.length);
}

describe('grammar on the seed letters', () => {
  it('has seed letters to check', () => {
    assert.ok(letters.length >= 5, `found ${letters.length} letters in ${letterDir}`);
  });

  for (const name of letters) {
    it(name, async () => {
      const lines = fs.readFileSync(path.join(letterDir, name), 'utf8').split(/\r?\n/);
      const tokens = await tokenizeLines(lines);
      let decisions = 0;
      const headings = new Set<string>();

      lines.forEach((line, i) => {
        const where = `${name}:${i + 1}: ${JSON.stringify(line)}`;
        const lineTokens = tokens[i] ?? [];
        const decision = DECISION_LINE.exec(line);
        if (decision !== null) {
          decisions++;
          const word = decision[1] ?? '';
          const t = tokenAt(lineTokens, line.lastIndexOf(word));
          assert.ok(t !== undefined && t.text.trim() === word, `decision token: ${where}`);
          assert.ok(hasScope(t, `${DECISION_SCOPE}${word.toLowerCase()}.imr`), `decision scope: ${where} -> ${t.scopes.join(' ')}`);
          // An inline decision also marks the title before the last colon.
          const colon = line.lastIndexOf(':');
          if (colon > 0 && line.slice(0, colon).trim() !== '') {
            const first = line.search(/\S/);
            const title = tokenAt(lineTokens, first);
            assert.ok(title !== undefined && hasScope(title, 'entity.name.function.item.imr'), `item title: ${where}`);
            assert.equal(title.text, line.slice(first, colon).trimEnd(), `title covers text before the last colon: ${where}`);
          }
        } else {
          // No decision scope anywhere else (e.g. "Upheld" inside prose).
          for (const t of lineTokens) {
            assert.ok(!hasScope(t, DECISION_SCOPE), `unexpected decision scope: ${where} at "${t.text}"`);
          }
        }

        const heading = HEADING_LINE.exec(line);
        if (heading !== null) {
          const text = heading[1] ?? '';
          headings.add(text);
          const t = tokenAt(lineTokens, line.indexOf(text));
          assert.ok(t !== undefined && hasScope(t, 'markup.heading'), `heading scope: ${where}`);
          assert.equal(t.text, text, `heading token covers the heading: ${where}`);
        } else {
          for (const t of lineTokens) {
            assert.ok(!hasScope(t, 'markup.heading'), `unexpected heading scope: ${where}`);
          }
        }
      });

      assert.ok(decisions >= 1, `${name}: no decisions found`);
      assert.equal(headings.size, 3, `${name}: expected the three section headings, saw ${[...headings].join(', ')}`);
    });
  }

  it('scopes every field label and MAXIMUS page number in the seed letters', async () => {
    for (const name of letters) {
      const lines = fs.readFileSync(path.join(letterDir, name), 'utf8').split(/\r?\n/);
      const tokens = await tokenizeLines(lines);
      lines.forEach((line, i) => {
        const label = /^\s*(Claims Administrator guideline|MAXIMUS guideline|Decision rationale):/.exec(line);
        if (label !== null) {
          const t = tokenAt(tokens[i] ?? [], line.indexOf(label[1] ?? ''));
          assert.ok(t !== undefined && hasScope(t, 'keyword.other.field.imr'), `${name}:${i + 1} label`);
        }
        const pages = /Page\(s\):\s*(?:page(?:\(s\)|s)?\s*)?(\d+)/.exec(line);
        if (pages !== null) {
          const t = tokenAt(tokens[i] ?? [], pages.index + pages[0].length - (pages[1] ?? '').length);
          assert.ok(t !== undefined && hasScope(t, 'constant.numeric.page.imr'), `${name}:${i + 1} page number -> ${t?.scopes.join(' ') ?? 'none'}`);
        }
      });
    }
  });
});
