// The report's inline stylesheet. Inline because the file must open offline with a
// CSP that allows nothing external; light and dark follow prefers-color-scheme.

export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --fg: #1c1e21; --muted: #5c6370; --border: #dfe2e7;
  --accent: #0072B2; --best-bg: #e3f3e8; --best-fg: #0d6a30; --hit: #0072B2; --miss: #D55E00;
  --warn-bg: #fff4e5; --warn-border: #e6a23c; --bad-bg: #fdecea; --bad-border: #d9534f;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #18191c; --card: #232428; --fg: #e4e6ea; --muted: #a2a8b3; --border: #393b41;
    --accent: #56B4E9; --best-bg: #1d3a28; --best-fg: #8ee0aa; --hit: #56B4E9; --miss: #E69F00;
    --warn-bg: #3a2e1a; --warn-border: #b7842c; --bad-bg: #3b2020; --bad-border: #c0504d;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 24px 40px; }
header h1 { margin: 0 0 4px; font-size: 26px; letter-spacing: -0.01em; }
header .sub { margin: 0; color: var(--muted); overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 16px 0 8px; color: var(--muted); font-weight: 600; }
section { background: var(--card); border: 1px solid var(--border); border-radius: 10px;
  padding: 18px 20px; margin-top: 18px; }
.verdict { border-left: 5px solid var(--accent); font-size: 16px; }
.verdict p { margin: 0; }
.verdict .label { display: block; font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--muted); margin-bottom: 4px; }
.two-col { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 18px; margin-top: 0; }
.two-col > section { margin-top: 18px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.facts ul { margin: 4px 0 0; padding-left: 18px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 12px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
thead th { font-weight: 600; border-bottom: 2px solid var(--border); white-space: nowrap; }
tr.group th { background: var(--bg); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em;
  color: var(--muted); padding-top: 8px; }
td.better, tr.reliable.better td { background: var(--best-bg); color: var(--best-fg); font-weight: 700; }
td.worse, tr.reliable.worse td { background: var(--bad-bg); font-weight: 700; }
td .mark { font-size: 10px; vertical-align: 1px; }
td.reference, th.reference { color: var(--muted); font-style: italic; }
table.metrics td { white-space: nowrap; }
.verdict ul.notes { margin: 10px 0 0; padding-left: 20px; font-size: 14px; }
.verdict ul.notes li { margin: 4px 0; padding: 4px 8px; background: var(--warn-bg); border-left: 3px solid var(--warn-border); list-style-position: outside; }
.verdict p.protocol { margin-top: 12px; font-size: 13.5px; color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px;
  background: var(--c); vertical-align: 0; }
.table-wrap { overflow-x: auto; }
.note { color: var(--muted); font-size: 12.5px; margin: 10px 0 0; }
.charts { display: flex; flex-wrap: wrap; gap: 16px 20px; align-items: flex-start; }
.charts figure { margin: 0; flex: 0 1 auto; min-width: 0; }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
.matrices { display: flex; flex-wrap: wrap; gap: 16px 28px; }
table.confusion caption { text-align: left; font-weight: 600; padding-bottom: 6px; caption-side: top; }
table.confusion td { text-align: right; min-width: 96px;
  background: color-mix(in srgb, var(--hit) calc(var(--share, 0%) * 0.45), transparent); }
table.confusion td.cm-miss { background: color-mix(in srgb, var(--miss) calc(var(--share, 0%) * 0.6), transparent); }
table.confusion td .share { display: block; font-size: 11px; color: var(--muted); }
table.confusion th[scope=row] { white-space: nowrap; }
.failed { background: var(--bad-bg); border-color: var(--bad-border); }
.failed li { margin: 4px 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 18px; text-align: center; }
@media print {
  body { background: #fff; color: #000; }
  section { break-inside: avoid; border-color: #ccc; }
}
`;
