import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  collectItems,
  countItems,
  countProblems,
  findItemTarget,
  plural,
  summaryText,
  summaryTooltip,
  VSCODE_SYMBOL_KIND_CLASS,
  type OutlineSymbol,
} from '../../src/core/outline';

// vscode.SymbolKind values (0-based).
const MODULE = 1;
const NAMESPACE = 2;
const FIELD = 7;

function sym(
  name: string,
  kind: number,
  line: number,
  detail?: string,
  children: OutlineSymbol[] = [],
  endLine = line,
): OutlineSymbol {
  const span = { start: { line, character: 0 }, end: { line: endLine, character: 10 } };
  return { name, kind, detail, range: span, selectionRange: span, children };
}

const item = (name: string, line: number, detail?: string): OutlineSymbol =>
  sym(name, VSCODE_SYMBOL_KIND_CLASS, line, detail, [sym('Decision rationale', FIELD, line + 3)]);

/** One letter: header sections, then the issues section holding three items. */
const singleLetter: OutlineSymbol[] = [
  sym('HOW THE IMR FINAL DETERMINATION WAS MADE', NAMESPACE, 0),
  sym('CLINICAL CASE SUMMARY', NAMESPACE, 20),
  sym('IMR ISSUES, DECISIONS AND RATIONALES', NAMESPACE, 40, undefined, [
    item('Norco 5/325 MG #30', 44, 'Upheld'),
    item('Cyclobenzaprine 10mg #60', 60, 'Upheld'),
    item('Physical therapy', 80, 'Overturned'),
  ]),
];

describe('collectItems', () => {
  it('finds items under sections', () => {
    assert.deepEqual(
      collectItems(singleLetter).map((s) => s.name),
      ['Norco 5/325 MG #30', 'Cyclobenzaprine 10mg #60', 'Physical therapy'],
    );
  });

  it('finds items under letters and sorts them in document order', () => {
    const twoLetters = [
      sym('Letter 2', MODULE, 100, undefined, [
        sym('IMR ISSUES', NAMESPACE, 120, undefined, [item('B', 130, 'Upheld')]),
      ]),
      sym('Letter 1', MODULE, 0, undefined, [sym('IMR ISSUES', NAMESPACE, 20, undefined, [item('A', 30, 'missing')])]),
    ];
    assert.deepEqual(
      collectItems(twoLetters).map((s) => s.name),
      ['A', 'B'],
    );
  });

  it('does not descend into items and ignores other kinds', () => {
    const weird = [item('outer', 5, 'Upheld'), sym('field', FIELD, 1)];
    assert.equal(collectItems(weird).length, 1);
  });

  it('returns nothing for an empty outline', () => {
    assert.deepEqual(collectItems([]), []);
  });
});

describe('countItems', () => {
  it('counts decisions from detail, case-insensitively', () => {
    const items = [item('a', 1, 'Upheld'), item('b', 2, 'OVERTURNED'), item('c', 3, 'missing'), item('d', 4)];
    assert.deepEqual(countItems(items), { items: 4, upheld: 1, overturned: 1, undecided: 2 });
  });
});

describe('summary text', () => {
  it('matches the documented format', () => {
    const counts = countItems(collectItems(singleLetter));
    assert.equal(summaryText(counts, 1), '3 items · 2 upheld · 1 overturned · 1 problem');
  });

  it('pluralises items and problems', () => {
    assert.equal(summaryText({ items: 1, upheld: 1, overturned: 0, undecided: 0 }, 0), '1 item · 1 upheld · 0 overturned · 0 problems');
    assert.equal(summaryText({ items: 0, upheld: 0, overturned: 0, undecided: 0 }, 2), '0 items · 0 upheld · 0 overturned · 2 problems');
    assert.equal(plural(1, 'problem'), '1 problem');
    assert.equal(plural(11, 'item'), '11 items');
  });

  it('mentions undecided items in the tooltip only when there are some', () => {
    assert.match(summaryTooltip({ items: 2, upheld: 1, overturned: 0, undecided: 1 }, 0), /1 item without a valid decision/);
    assert.doesNotMatch(summaryTooltip({ items: 1, upheld: 1, overturned: 0, undecided: 0 }, 0), /without/);
  });
});

describe('countProblems', () => {
  const sev = { error: 0, warning: 1 };
  it('counts only imr errors and warnings', () => {
    const diags = [
      { source: 'imr', severity: 0 },
      { source: 'imr', severity: 1 },
      { source: 'imr', severity: 2 }, // information
      { source: 'imr', severity: 3 }, // hint
      { source: 'cSpell', severity: 1 },
      { severity: 0 },
    ];
    assert.equal(countProblems(diags, sev), 2);
  });
});

describe('findItemTarget', () => {
  const items = collectItems(singleLetter); // titles on lines 44, 60, 80
  const at = (line: number, character = 0) => ({ line, character });

  it('goes to the next item after the cursor', () => {
    assert.equal(findItemTarget(items, at(0), 'next')?.item.name, 'Norco 5/325 MG #30');
    assert.equal(findItemTarget(items, at(50), 'next')?.index, 1);
    // On the first character of an item, "next" means the following item.
    assert.equal(findItemTarget(items, at(44), 'next')?.index, 1);
  });

  it('goes to the previous item, first to the start of the current one', () => {
    assert.equal(findItemTarget(items, at(65), 'prev')?.index, 1);
    assert.equal(findItemTarget(items, at(60, 3), 'prev')?.index, 1);
    assert.equal(findItemTarget(items, at(60, 0), 'prev')?.index, 0);
  });

  it('wraps around at both ends', () => {
    const next = findItemTarget(items, at(90), 'next');
    assert.deepEqual([next?.index, next?.wrapped], [0, true]);
    const prev = findItemTarget(items, at(10), 'prev');
    assert.deepEqual([prev?.index, prev?.wrapped], [2, true]);
    assert.equal(findItemTarget(items, at(50), 'next')?.wrapped, false);
  });

  it('wraps onto the same item when there is only one', () => {
    const one = [item('only', 10, 'Upheld')];
    assert.deepEqual(findItemTarget(one, at(10), 'next')?.wrapped, true);
    assert.deepEqual(findItemTarget(one, at(10), 'prev')?.index, 0);
  });

  it('returns undefined without items', () => {
    assert.equal(findItemTarget([], at(0), 'next'), undefined);
  });
});
