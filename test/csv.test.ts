import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, recordColumns, toCsv } from '../src/contracts/csv.js';

test('a cell that would start a formula is neutralised; numbers and plain text are kept', () => {
  for (const danger of ['=1+1', '+33 6 12', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
    assert.equal(csvCell(danger).replace(/^"|"$/g, '').startsWith("'"), true, danger);
  assert.equal(csvCell(-3), '-3');
  assert.equal(csvCell('alice'), 'alice');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(true), 'true');
});

test('quotes, commas and line breaks are quoted as RFC 4180 asks', () => {
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(['x', 1]), '"[""x"",1]"');
});

test('a document has a header and one CRLF line per row', () => {
  const rows = [
    { id: 'telegram:user1', name: '=HYPERLINK("x")', score: 0.5 },
    { id: 'telegram:user2', name: 'Bob', score: -1 },
  ];
  const csv = toCsv(recordColumns(rows), rows);
  assert.equal(csv, 'id,name,score\r\ntelegram:user1,"\'=HYPERLINK(""x"")",0.5\r\ntelegram:user2,Bob,-1\r\n');
  assert.equal(toCsv(recordColumns([]), []), '\r\n');
});
