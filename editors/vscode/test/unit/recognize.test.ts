import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { textLooksLikeImrLetter } from '../../src/core/recognize';
import { fixturesDir } from '../paths';

describe('textLooksLikeImrLetter', () => {
  it('recognises a letter starting with the first heading after blank lines', () => {
    assert.ok(textLooksLikeImrLetter('\n\n \f\n HOW THE IMR FINAL DETERMINATION WAS MADE \nMAXIMUS ...'));
  });

  it('recognises a heading in any case and spacing, but not inside a sentence', () => {
    assert.equal(textLooksLikeImrLetter('notes\n  Clinical  Case Summary \n'), true);
    assert.equal(textLooksLikeImrLetter('see the CLINICAL CASE SUMMARY below\n'), false);
  });

  it('recognises the issues heading', () => {
    assert.ok(textLooksLikeImrLetter('some preamble\nIMR ISSUES, DECISIONS AND RATIONALES\n'));
  });

  it('recognises a header block whose values follow the labels', () => {
    const text = 'Case Number:\nDate Assigned:\nDecision Date:\n\nCM25-0000001\n01/05/2026\n';
    assert.ok(textLooksLikeImrLetter(text));
    assert.ok(textLooksLikeImrLetter('Case Number: CM16-0247802   Date Assigned: 12/1/2016'));
    assert.ok(textLooksLikeImrLetter('Case Number:\r\nCM16-0247802\r\n'));
  });

  it('needs a CM number after the label', () => {
    assert.ok(!textLooksLikeImrLetter('Case Number: 12345\nsomething else'));
    assert.ok(!textLooksLikeImrLetter('CM16-0247802\nCase Number:\n'));
  });

  it('ignores ordinary text and headings beyond the scanned lines', () => {
    assert.ok(!textLooksLikeImrLetter('Dear reader,\nthis is a note about IMR.\n'));
    assert.ok(!textLooksLikeImrLetter(''));
    const late = `${'filler line\n'.repeat(70)}HOW THE IMR FINAL DETERMINATION WAS MADE\n`;
    assert.ok(!textLooksLikeImrLetter(late));
    // Blank lines do not count towards the limit (PDF text is double-spaced).
    assert.ok(textLooksLikeImrLetter(`${'\n \n'.repeat(200)}HOW THE IMR FINAL DETERMINATION WAS MADE\n`));
  });

  it('recognises every seed letter and the draft', () => {
    const dirs = [path.join(fixturesDir, 'letters'), path.join(fixturesDir, 'drafts')];
    let n = 0;
    for (const dir of dirs) {
      for (const name of fs.readdirSync(dir)) {
        n++;
        assert.ok(textLooksLikeImrLetter(fs.readFileSync(path.join(dir, name), 'utf8')), name);
      }
    }
    assert.ok(n >= 2, 'fixtures found');
  });
});
