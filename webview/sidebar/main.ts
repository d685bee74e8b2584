// The Focal Lab settings side bar (a webview view). On load: restore the saved state, draw,
// say `ready`; the host answers with the full state and sends it again on every change.

import { lossUsesAlpha } from '../../src/core/losses';
import { DEFAULT_SETTINGS, type FocalLabSettings } from '../../src/shared/settings';
import type { FromSidebar, SidebarState, ToSidebar } from '../../src/shared/webviewProtocol';
import { SidebarForm, type FormPreview, type FormViewState } from './form';
import { LossShapeChart, lossShapeNote, type LossShapeView } from './lossShapeChart';

interface SavedState {
  version: 1;
  state: SidebarState;
  view: FormViewState;
}

const vscode = acquireVsCodeApi<SavedState>();

/** Until the host answers: the engine's defaults, and nothing to run. */
function placeholderState(): SidebarState {
  const settings: FocalLabSettings = { ...DEFAULT_SETTINGS, losses: [...DEFAULT_SETTINGS.losses], hiddenLayers: [...DEFAULT_SETTINGS.hiddenLayers], sweepGammas: [...DEFAULT_SETTINGS.sweepGammas] };
  return { settings, positiveClass: null, negativeClass: null, autoAlpha: null, fileName: null, filePath: null, fileSource: null, canRerun: false, rerunLabel: null, running: false, pTrueHistogram: null };
}

function restore(): SavedState | undefined {
  const saved = vscode.getState();
  return saved && saved.version === 1 && saved.state?.settings ? saved : undefined;
}

/** Alpha curves are drawn when alpha is a number and a chosen loss uses it. */
function chartView(preview: FormPreview): LossShapeView {
  // With alpha 'auto', the value of the last data set (when known) stands in for it.
  // One weight per class (three or more classes) has no two-class curve pair to draw.
  const alpha = preview.alpha === 'auto' ? preview.autoAlpha : typeof preview.alpha === 'number' ? preview.alpha : null;
  const alphaApplies = alpha !== null && preview.losses.some(lossUsesAlpha);
  return {
    gamma: preview.gamma,
    alpha: alphaApplies ? alpha : null,
    positiveClass: preview.positiveClass,
    negativeClass: preview.negativeClass,
    classes: preview.classes,
  };
}

function main(): void {
  const app = document.getElementById('app');
  if (!app) throw new Error('Focal Lab side bar: #app is missing.');
  const saved = restore();
  let state = saved?.state ?? placeholderState();
  let lastView = '';
  // Filled in once the form (which previews while it is built) is in the page.
  const chart: { current?: LossShapeChart } = {};

  // The form persists while it is being built (restored drafts): only once it exists.
  let built = false;
  const save = (): void => {
    if (built) vscode.setState({ version: 1, state, view: form.viewState() });
  };

  const form: SidebarForm = new SidebarForm(
    {
      post: (message: FromSidebar) => vscode.postMessage(message),
      preview: (preview) => {
        const view = chartView(preview);
        const key = JSON.stringify(view);
        if (key === lastView) return;
        lastView = key;
        chart.current?.update(view);
        // The form previews while it is being built: the note is set once it exists (below).
        if (built) form.showChartNote(lossShapeNote(view.classes));
      },
      persist: () => save(),
    },
    state,
    saved?.view,
  );
  built = true;
  app.replaceChildren(form.root);
  if (!saved) app.setAttribute('aria-busy', 'true');

  const initialView = chartView(form.preview());
  lastView = JSON.stringify(initialView);
  chart.current = new LossShapeChart(form.chartCanvas, initialView);
  chart.current.setHistogram(state.pTrueHistogram ?? null);
  form.showChartNote(lossShapeNote(initialView.classes));

  window.addEventListener('message', (event: MessageEvent<ToSidebar>) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'state':
        state = message.state;
        app.removeAttribute('aria-busy');
        form.applyState(state);
        chart.current?.setHistogram(state.pTrueHistogram ?? null);
        save();
        break;
      default: {
        const unexpected: never = message.type;
        console.warn(`Focal Lab side bar: unknown message ${String(unexpected)}`);
      }
    }
  });

  vscode.postMessage({ type: 'ready' } satisfies FromSidebar);
}

main();
