import * as assert from 'assert';
import { minorityVerdict } from '../../src/core/report';
import { runLabels } from '../../src/core/report/names';
import { clone, sampleResults } from './helpers/sampleResults';

describe('verdict for a gamma sweep', () => {
  function sweep(gammas: number[]) {
    const results = clone(sampleResults());
    results.runs = results.runs.slice(0, gammas.length).map((run, i) => ({ ...run, loss: 'focal' as const, gamma: gammas[i], alphaForPositiveClass: null }));
    return results;
  }

  it('labels runs of one loss by gamma, numbering only exact duplicates', () => {
    assert.deepStrictEqual(runLabels(sweep([0, 2, 5]).runs), ['Focal (γ=0)', 'Focal (γ=2)', 'Focal (γ=5)']);
    assert.deepStrictEqual(runLabels(sweep([2, 2]).runs), ['Focal (γ=2) #1', 'Focal (γ=2) #2']);
  });

  it('compares the best gamma with gamma 0, the BCE-equivalent baseline', () => {
    const verdict = minorityVerdict(sweep([0, 2, 5]));
    assert.match(verdict, /^Focal \(γ=(2|5)\) served the minority class '1' best: recall at threshold 0\.5 (rose|fell) from [\d.]+ \(Focal \(γ=0\)\)/);
  });
});
