// The results panel's entry point: restore the saved state and draw it at once, say `ready`, then
// apply the host's messages (the full state, then increments) and redraw on every change and when
// VS Code switches the theme.

import type { FromPanel, PanelState } from '../../src/shared/webviewProtocol';
import { asPanelState, asToPanel, PanelStore } from './state';
import { onThemeChange } from './theme';
import { PanelView } from './view';

function start(): void {
  const vscode = acquireVsCodeApi<PanelState>();
  const post = (message: FromPanel): void => vscode.postMessage(message);
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const view = new PanelView(root, post);
  const store = new PanelStore(asPanelState(vscode.getState()), vscode);

  const draw = (state: PanelState): void => {
    try {
      view.update(state);
    } catch (error) {
      console.error('Focal Lab panel: drawing failed', error);
    }
  };

  if (store.state) draw(store.state);

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = asToPanel(event.data);
    if (!message) return;
    const state = store.apply(message);
    if (state) draw(state);
  });
  window.addEventListener('pagehide', () => store.flush());

  onThemeChange(() => view.redraw());

  post({ type: 'ready' });
}

start();
