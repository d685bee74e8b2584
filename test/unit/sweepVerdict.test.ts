import * as assert from 'assert';
import { renderMarkdownReport, verdictOf } from '../../src/core/report';
import { runLabels } from '../../src/core/report/names';
import { clone, sampleResults } from './helpers/sampleResults';

describe('verdict for a gamma sweep', () => {
  const results = sampleResults({ sweepGammas: [0, 2, 5] });

  it('labels runs of one loss by gamma, numbering only exact duplicates', () => {
    assert.deepStrictEqual(runLabels(results.runs), ['BCE (γ=0)', 'Focal (γ=2)', 'Focal (γ=5)']);
    const twice = clone(results);
    twice.runs = twice.runs.slice(1, 2).concat(twice.runs.slice(1, 2));
    assert.deepStrictEqual(runLabels(twice.runs), ['Focal (γ=2) #1', 'Focal (γ=2) #2']);
  });

  it('states the stored verdict, built against gamma 0, the BCE-equivalent baseline', () => {
    assert.ok(results.comparisons.every((c) => c.baseline === 'focal@0'));
    assert.strictEqual(verdictOf(results), results.verdict.text);
    assert.match(results.verdict.text, /BCE \(γ=0\)/);
    const md = renderMarkdownReport(results);
    assert.ok(md.includes('**Verdict:** ' + results.verdict.text.replace(/[\\`*_[\]|~]/g, '\\$&')));
    assert.ok(md.includes('swept: 0, 2, 5 (gamma 0 is the baseline)'));
  });

  it('every reliable claim of the verdict is a reliable comparison, and the report marks exactly those cells', () => {
    for (const claim of results.verdict.claims) {
      const c = results.comparisons.find((x) => x.loss === claim.loss && x.metric === claim.metric)!;
      assert.ok(c.reliable);
    }
    const md = renderMarkdownReport(results);
    const marked = (md.match(/[▲▼]\*\*/g) ?? []).length;
    assert.strictEqual(marked, results.comparisons.filter((c) => c.reliable).length);
  });
});
