// The bad-input corpus's files about reading data as people mean it (issue 13, items 1-7):
// ordinary exports that used to be mis-read without a word. Each is generated from a seed, so
// no data file is kept in git; scripts/makeBadCorpus.js writes them for entries whose source
// is 'data-reading', and test/fixtures/bad/expected.json says what the user gets.
'use strict';
const { gaussian, mulberry32 } = require('./seededRandom');

/** Rows of two informative features and a 0/1 label with about `share` positives. */
function rows(seed, count, share = 0.2) {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const positive = i % Math.round(1 / share) === 0;
    const shift = positive ? 1.5 : 0;
    return { x1: gaussian(random) + shift, x2: gaussian(random) + shift * 0.5, positive };
  });
}

const files = {
  /** Item 1: three spreadsheet error cells in a numeric column of 600 rows. */
  'stray-cells.csv'() {
    const stray = new Map([[12, '#N/A'], [230, 'abc'], [477, '#DIV/0!']]);
    const lines = ['x1,x2,label'];
    rows(131, 600).forEach((r, i) => lines.push(`${stray.get(i) ?? r.x1.toFixed(3)},${r.x2.toFixed(3)},${r.positive ? 1 : 0}`));
    return lines.join('\n') + '\n';
  },
  /** Item 2: a European Excel export: `;` between fields, decimal commas, euro amounts. */
  'decimal-comma.csv'() {
    const comma = (value, digits) => value.toFixed(digits).replace('.', ',');
    const lines = ['mesure;taux;prix;classe'];
    rows(132, 300).forEach((r) => lines.push(`${comma(r.x1 * 10 + 50, 1)};${comma(r.x2, 3)};${comma(20 + r.x1 * 3, 2)} €;${r.positive ? 'oui' : 'non'}`));
    return lines.join('\r\n') + '\r\n';
  },
  /** Item 2: thousands separators, percentages and dollar amounts in a comma-separated file. */
  'formatted-numbers.csv'() {
    const thousands = (value) => Math.round(value).toLocaleString('en-US');
    const lines = ['income,rate,price,label'];
    rows(133, 300).forEach((r) => {
      const income = thousands(40000 + r.x1 * 9000);
      lines.push(`${income.includes(',') ? `"${income}"` : income},${(12 + r.x2 * 3).toFixed(1)}%,$${(3.5 + r.x1).toFixed(2)},${r.positive ? 1 : 0}`);
    });
    return lines.join('\n') + '\n';
  },
  /** Item 3: one class written four ways (Yes, YES, yes, "yes "). */
  'class-spellings.csv'() {
    const spellings = ['yes', 'yes', 'yes', 'Yes', 'YES', '"yes "'];
    const lines = ['x1,x2,label'];
    let k = 0;
    rows(134, 300).forEach((r) => lines.push(`${r.x1.toFixed(3)},${r.x2.toFixed(3)},${r.positive ? spellings[k++ % spellings.length] : 'no'}`));
    return lines.join('\n') + '\n';
  },
  /** Item 4: a column near 1e8 whose information is in the units digit, and values near 1e300. */
  'large-magnitudes.csv'() {
    const lines = ['stamp,huge,x1,label'];
    rows(135, 400).forEach((r) => {
      const digit = Math.min(9, Math.max(0, Math.round(4 + r.x1 * 2)));
      lines.push(`${123456000 + digit},${(r.x2 * 1e300).toExponential(6)},${r.x2.toFixed(3)},${r.positive ? 1 : 0}`);
    });
    return lines.join('\n') + '\n';
  },
  /** Item 5: 3 positives in 60 rows: a test split would hold one. */
  'three-positives.csv'() {
    const lines = ['x1,x2,label'];
    rows(136, 60).forEach((r, i) => lines.push(`${r.x1.toFixed(3)},${r.x2.toFixed(3)},${i % 20 === 7 ? 1 : 0}`));
    return lines.join('\n') + '\n';
  },
  /** Item 6: every row twice (the file appended to itself). */
  'duplicate-rows.csv'() {
    const body = rows(137, 300).map((r) => `${r.x1.toFixed(3)},${r.x2.toFixed(3)},${r.positive ? 1 : 0}`);
    return ['x1,x2,label', ...body, ...body].join('\n') + '\n';
  },
  /** Item 7: `NA` (North America) as a class, read as missing by default. */
  'na-class.csv'() {
    const lines = ['x1,x2,class'];
    rows(138, 200).forEach((r) => lines.push(`${r.x1.toFixed(3)},${r.x2.toFixed(3)},${r.positive ? 'NA' : 'EU'}`));
    return lines.join('\n') + '\n';
  },
  /** Item 7: numeric class names with more digits than a float32 spells exactly. */
  'numeric-classes.csv'() {
    const lines = ['x1,x2,label'];
    rows(139, 300).forEach((r) => lines.push(`${r.x1.toFixed(3)},${r.x2.toFixed(3)},${r.positive ? '4.2207' : '0.0301'}`));
    return lines.join('\n') + '\n';
  },
};

/** The text of one generated file, by name. */
function dataReadingFile(name) {
  const make = files[name];
  if (!make) throw new Error(`dataReadingCorpus: no generator for ${name}`);
  return make();
}

module.exports = { dataReadingFile, DATA_READING_FILES: Object.keys(files) };
