import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { computeFolds, type Fold } from '../../src/core/folding';
import { fixturesDir } from '../paths';

const letter = [
  'HOW THE IMR FINAL DETERMINATION WAS MADE', // 0
  'boilerplate',
  '',
  'CLINICAL CASE SUMMARY', // 3
  'summary',
  '',
  'IMR ISSUES, DECISIONS AND RATIONALES', // 6
  'intro',
  'Retro DOS: 7.10.15 Cyclobenzaprine 2% cream: Upheld', // 8
  'Decision rationale: not necessary.',
  '',
  'Retrospective request for Cyclobenzaprine 10mg (DOS 03/29/2014):  ', // 11
  '',
  'Upheld ',
  'Decision rationale: also not necessary.', // 14
  '',
];

const show = (folds: Fold[]): string[] => folds.map((f) => `${f.kind} ${f.start}-${f.end}`);

describe('computeFolds', () => {
  it('folds sections and items, trimming trailing blank lines', () => {
    assert.deepEqual(show(computeFolds(letter)), [
      'section 0-1',
      'section 3-4',
      'section 6-14',
      'item 8-9',
      'item 11-14',
    ]);
  });

  it('reads every heading spelling of the parser, in any case and spacing', () => {
    const variant = letter.map((l, i) =>
      i === 3 ? '  clinical   case summary ' : i === 6 ? 'IMR ISSUES, DECISIONS AND RATIONALE' : l,
    );
    assert.deepEqual(show(computeFolds(variant)), show(computeFolds(letter)));
  });

  it('adds a fold per letter when a file holds several', () => {
    const two = ['Case Number:', 'CM16-0000001', ...letter, 'HOW THE IMR FINAL DETERMINATION WAS MADE', 'x'];
    const folds = show(computeFolds(two)).filter((f) => f.startsWith('letter'));
    assert.deepEqual(folds, ['letter 0-16', 'letter 18-19']);
  });

  it('does nothing for plain text', () => {
    assert.deepEqual(computeFolds(['hello', 'world']), []);
  });

  it('finds every decision line of the seed letters inside an item fold', () => {
    const dir = path.join(fixturesDir, 'letters');
    for (const name of fs.readdirSync(dir)) {
      const lines = fs.readFileSync(path.join(dir, name), 'utf8').split(/\r?\n/);
      const items = computeFolds(lines).filter((f) => f.kind === 'item');
      const decisionLines = lines.flatMap((l, i) => (/(?:^|:)\s*(?:Upheld|Overturned)\s*$/.test(l) ? [i] : []));
      assert.equal(items.length, decisionLines.length, name);
      for (const d of decisionLines) {
        assert.ok(items.some((f) => f.start <= d && d <= f.end), `${name}: line ${d + 1}`);
      }
    }
  });
});
