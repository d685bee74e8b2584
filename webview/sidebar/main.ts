// The Focal Lab settings side bar (a webview view). On load: restore the saved state, draw,
// say `ready`; the host answers with the full state and sends it again on every change.

import { DEFAULT_CONFIG, DEFAULT_MAX_FILE_MEGABYTES } from '../../src/core/config';
import { lossUsesAlpha } from '../../src/core/losses';
import type { FocalLabSettings } from '../../src/shared/settings';
import type { FromSidebar, SidebarState, ToSidebar } from '../../src/shared/webviewProtocol';
import { SidebarForm, type FormPreview, type FormViewState } from './form';
import { LossShapeChart, type LossShapeView } from './lossShapeChart';

interface SavedState {
  version: 1;
  state: SidebarState;
  view: FormViewState;
}

const vscode = acquireVsCodeApi<SavedState>();

/** Until the host answers: the engine's defaults, and nothing to run. */
function placeholderState(): SidebarState {
  const settings: FocalLabSettings = {
    losses: [...DEFAULT_CONFIG.losses],
    gamma: DEFAULT_CONFIG.gamma,
    alpha: DEFAULT_CONFIG.alpha,
    epochs: DEFAULT_CONFIG.epochs,
    batchSize: DEFAULT_CONFIG.batchSize,
    learningRate: DEFAULT_CONFIG.learningRate,
    hiddenLayers: [...DEFAULT_CONFIG.hidden],
    seed: DEFAULT_CONFIG.seed,
    trainFraction: DEFAULT_CONFIG.split.train,
    validationFraction: DEFAULT_CONFIG.split.validation,
    testFraction: DEFAULT_CONFIG.split.test,
    priorBiasInit: DEFAULT_CONFIG.priorBiasInit,
    maxCategories: DEFAULT_CONFIG.maxCategories,
    maxFileMegabytes: DEFAULT_MAX_FILE_MEGABYTES,
    sweepGammas: [0, 0.5, 1, 2, 5],
    sweepLoss: 'focal',
  };
  return { settings, positiveClass: null, negativeClass: null, fileName: null, canRerun: false, running: false };
}

function restore(): SavedState | undefined {
  const saved = vscode.getState();
  return saved && saved.version === 1 && saved.state?.settings ? saved : undefined;
}

/** Alpha curves are drawn when alpha is a number and a chosen loss uses it. */
function chartView(preview: FormPreview): LossShapeView {
  const alphaApplies = preview.alpha !== 'auto' && preview.losses.some(lossUsesAlpha);
  return {
    gamma: preview.gamma,
    alpha: alphaApplies && preview.alpha !== 'auto' ? preview.alpha : null,
    positiveClass: preview.positiveClass,
    negativeClass: preview.negativeClass,
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

  window.addEventListener('message', (event: MessageEvent<ToSidebar>) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'state':
        state = message.state;
        app.removeAttribute('aria-busy');
        form.applyState(state);
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
