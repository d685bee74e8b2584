// "Take it to your training": a Copy Loss as Code button per loss and Export as Notebook. The
// host asks for the framework and writes the code (src/host/exportCode.ts); this only asks.

import type { FromPanel } from '../../src/shared/webviewProtocol';
import { button, h } from './dom';
import type { Series } from './series';

export function renderExportSection(series: readonly (Pick<Series, 'key' | 'label'> & { run?: unknown })[], post: (message: FromPanel) => void): HTMLElement | null {
  const runs = series.filter((s) => s.run);
  if (runs.length === 0) return null;
  const buttons = h('div', { class: 'fl-export-actions', role: 'group', 'aria-label': 'Copy a loss as code' });
  for (const s of runs) {
    buttons.appendChild(
      button(`Copy ${s.label} as Code`, `copy-loss-${s.key}`, () => post({ type: 'copyLossAsCode', runKey: s.key }), 'secondary', `${s.label} with this run's gamma and alpha, for PyTorch, torchvision, Keras or TensorFlow.js`),
    );
  }
  buttons.appendChild(button('Export as Notebook', 'export-notebook', () => post({ type: 'exportNotebook' }), 'secondary', 'A Jupyter notebook that reproduces this comparison in PyTorch'));
  return h(
    'section',
    { class: 'fl-section', 'aria-labelledby': 'fl-export-title' },
    h('h2', { class: 'fl-section-title', id: 'fl-export-title' }, 'Take it to your training'),
    h('p', { class: 'fl-export-note' }, 'Copy a loss with the gamma and alpha it ran with, as code for PyTorch, torchvision, Keras or TensorFlow.js (from logits, with a comment on which class alpha weighs), or export the whole comparison as a PyTorch notebook.'),
    buttons,
  );
}
