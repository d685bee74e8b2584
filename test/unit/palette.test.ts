// Every series colour of the one palette (panel, side bar, reports) keeps a contrast of at least
// 3:1 (WCAG 1.4.11, graphical objects) against the editor background of VS Code's shipped themes.
// Issue 12, defect 6: in Dark Modern the focal series (charts.orange, dark brown) was barely visible.

import assert from 'node:assert/strict';
import { LOSS_KINDS, LOSS_TABLE } from '../../src/core/results';
import { STRATEGY_KINDS, STRATEGY_TABLE, parseArm } from '../../src/core/arms';
import { contrastRatio, ensureContrast, MIN_GRAPHIC_CONTRAST, parseHex, relativeLuminance } from '../../src/core/report/contrast';
import { LOSS_COLORS, REFERENCE_COLORS, SWEEP_COLORS, lossColor, readableOn, runColors, sweepColors } from '../../src/core/report/palette';

/**
 * `editor.background` of the themes VS Code ships (microsoft/vscode, as bundled in code-server
 * 4.139.1 = VS Code 1.139.1): extensions/theme-defaults/themes/light_modern.json (#FFFFFF),
 * dark_modern.json (#1F1F1F), hc_black.json (#000000), 2026-dark.json (#121314),
 * 2026-light.json (#FFFFFF), dark_vs.json (#1E1E1E, also Dark+); hc_light.json sets none, so the
 * registered default applies: src/vs/editor/common/core/editorColorRegistry.ts registers
 * `editor.background` as { light: '#ffffff', dark: '#1E1E1E', hcDark: black, hcLight: white }.
 * The HTML report's own backgrounds (src/core/report/htmlStyles.ts: cards #ffffff and #232428).
 */
const BACKGROUNDS: Record<string, string> = {
  'Light Modern': '#FFFFFF',
  'Dark Modern': '#1F1F1F',
  'Dark High Contrast': '#000000',
  'Light High Contrast': '#FFFFFF',
  '2026 Dark': '#121314',
  '2026 Light': '#FFFFFF',
  'Dark+ / Dark (Visual Studio)': '#1E1E1E',
  'HTML report, dark card': '#232428',
};

function rgb(hex: string) {
  const value = parseHex(hex);
  assert.ok(value, `${hex} parses`);
  return value;
}

describe('palette: series colours against the editor background of each theme', () => {
  const series: [string, string][] = [
    ...LOSS_KINDS.map((k): [string, string] => [`loss ${k}`, LOSS_COLORS[k]]),
    ...STRATEGY_KINDS.map((k): [string, string] => [`strategy ${k}`, STRATEGY_TABLE[k].colour]),
    ...Object.entries(REFERENCE_COLORS).map(([k, c]): [string, string] => [`reference ${k}`, c]),
    ...SWEEP_COLORS.map((c, i): [string, string] => [`sweep colour ${i}`, c]),
  ];

  for (const [theme, background] of Object.entries(BACKGROUNDS)) {
    it(`every series colour reaches 3:1 on ${theme} (${background})`, () => {
      const low = series.map(([name, colour]) => ({ name, colour, ratio: contrastRatio(rgb(colour), rgb(background)) })).filter((s) => s.ratio < MIN_GRAPHIC_CONTRAST);
      assert.deepEqual(low, [], `below 3:1: ${low.map((s) => `${s.name} ${s.colour} ${s.ratio.toFixed(2)}`).join(', ')}`);
    });
  }

  it('every arm kind (loss or strategy) has its own colour and dash, and an arm is drawn as its strategy', () => {
    const colours = [...LOSS_KINDS.map((k) => LOSS_TABLE[k].colour), ...STRATEGY_KINDS.map((k) => STRATEGY_TABLE[k].colour)];
    assert.equal(new Set(colours).size, colours.length, 'one colour per arm kind');
    const dashes = [...LOSS_KINDS.map((k) => LOSS_TABLE[k].dash.join()), ...STRATEGY_KINDS.map((k) => STRATEGY_TABLE[k].dash.join())];
    assert.equal(new Set(dashes).size, dashes.length, 'one dash pattern per arm kind');
    const defaults = { gamma: 2, alpha: 'auto' as const };
    const arms = ['bce', 'bce+smote', 'bce+threshold', 'focal+effective:0.99'].map((text) => parseArm(text, defaults));
    assert.deepEqual(
      runColors(arms.map((arm) => ({ loss: arm.loss, gamma: arm.gamma, arm }))),
      [LOSS_TABLE.bce.colour, STRATEGY_TABLE.smote.colour, STRATEGY_TABLE['threshold-moving'].colour, STRATEGY_TABLE['class-balanced'].colour],
    );
  });

  it('the loss colours are the loss table’s, and the report and the panel read them from there', () => {
    for (const k of LOSS_KINDS) assert.equal(lossColor(k), LOSS_TABLE[k].colour);
    assert.equal(new Set(LOSS_KINDS.map((k) => LOSS_TABLE[k].colour)).size, LOSS_KINDS.length, 'one colour per loss');
  });

  it('a sweep calls gamma 0 BCE and gives it BCE’s colour; other gammas never take BCE’s blue or a reference grey', () => {
    assert.deepEqual(sweepColors([2, 0, 5]), [SWEEP_COLORS[0], LOSS_TABLE.bce.colour, SWEEP_COLORS[1]]);
    const sweep = [0, 1, 2].map((gamma) => ({ loss: 'focal' as const, gamma }));
    assert.equal(new Set(runColors(sweep)).size, 3, 'a sweep’s runs get one colour per gamma, not the focal colour thrice');
    assert.deepEqual(runColors([{ loss: 'bce', gamma: 0 }, { loss: 'focal', gamma: 2 }]), [LOSS_TABLE.bce.colour, LOSS_TABLE.focal.colour]);
    const others = SWEEP_COLORS;
    assert.ok(!others.includes(LOSS_TABLE.bce.colour));
    for (const grey of Object.values(REFERENCE_COLORS)) assert.ok(!others.includes(grey));
    assert.equal(new Set(others).size, others.length);
  });

  it('computes the WCAG figures: black on white is 21:1, a colour on itself 1:1', () => {
    assert.equal(contrastRatio([0, 0, 0], [255, 255, 255]), 21);
    assert.equal(contrastRatio([31, 127, 196], [31, 127, 196]), 1);
    assert.ok(Math.abs(relativeLuminance([255, 255, 255]) - 1) < 1e-12);
    // #767676 on white is the well-known 4.54:1.
    assert.ok(Math.abs(contrastRatio(rgb('#767676'), rgb('#FFFFFF')) - 4.54) < 0.01);
  });

  it('on a background the palette was not designed for (mid grey), a series colour is nudged until it reaches 3:1', () => {
    const grey = rgb('#6E6E6E');
    const focal = rgb(LOSS_TABLE.focal.colour);
    assert.ok(contrastRatio(focal, grey) < 3, 'the test needs a failing pair');
    const nudged = ensureContrast(focal, grey);
    assert.ok(contrastRatio(nudged, grey) >= 3, `nudged to ${nudged.join(',')}`);
    assert.notEqual(readableOn(LOSS_TABLE.focal.colour, '#6E6E6E'), LOSS_TABLE.focal.colour);
    assert.equal(readableOn(LOSS_TABLE.focal.colour, '#1F1F1F'), LOSS_TABLE.focal.colour, 'unchanged where it already reads');
  });
});
