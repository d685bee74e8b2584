// The Settings view in the Focal Lab side bar: a webview form over the focalLab.* settings
// with the live loss-shape chart. It replays the state when it becomes visible again
// instead of keeping a hidden webview alive.

import * as vscode from 'vscode';
import { resolveConfig } from '../core/config';
import { isInputError } from '../core/errors';
import { settingsToConfig, SETTING_KEYS, type FocalLabSettings, type SettingKey } from '../shared/settings';
import type { FromSidebar, SidebarState, ToSidebar } from '../shared/webviewProtocol';
import { hostWork } from './hostWork';
import { readSettings, SECTION, writeSetting } from './settings';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const SETTINGS_VIEW_ID = 'focalLab.settings';

export interface SidebarContext {
  /** The CSV a Run would use now, and the classes of the last data set. */
  currentFile(): vscode.Uri | undefined;
  lastClasses(): { positiveClass: string; negativeClass: string; autoAlpha?: number } | undefined;
  canRerun(): boolean;
  isRunning(): boolean;
  run(): void;
  rerun(): void;
  stop(): void;
  warn(message: string): void;
}

export class SidebarViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly context: SidebarContext,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) this.refresh();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'sidebar', 'Focal Lab settings');
    view.webview.onDidReceiveMessage((message: FromSidebar) => void this.onMessage(message), undefined, this.disposables);
    view.onDidChangeVisibility(() => {
      if (view.visible) this.refresh();
    }, undefined, this.disposables);
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    }, undefined, this.disposables);
  }

  /** Sends the current state, if the form is there to receive it. */
  refresh(): void {
    if (!this.view || !this.ready) return;
    const view = this.view;
    const message: ToSidebar = { type: 'state', state: this.state() };
    hostWork.run('host → side bar: state', () => void view.webview.postMessage(message), { value: message, encoding: 'json' });
  }

  state(): SidebarState {
    const file = this.context.currentFile();
    const classes = this.context.lastClasses();
    return {
      settings: readSettings(file),
      positiveClass: classes?.positiveClass ?? null,
      negativeClass: classes?.negativeClass ?? null,
      autoAlpha: classes?.autoAlpha ?? null,
      fileName: file ? file.path.split('/').pop() ?? null : null,
      canRerun: this.context.canRerun(),
      running: this.context.isRunning(),
    };
  }

  private async onMessage(message: FromSidebar): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.refresh();
        return;
      case 'changeSettings':
        await this.applySettings(message.values);
        return;
      case 'run':
        this.context.run();
        return;
      case 'rerun':
        this.context.rerun();
        return;
      case 'stop':
        this.context.stop();
        return;
      default: {
        const unexpected: never = message;
        void unexpected;
      }
    }
  }

  /** Validates the changed values together with the rest and writes them; returns whether they were written. */
  async applySettings(changes: Partial<FocalLabSettings>): Promise<boolean> {
    const scope = this.context.currentFile();
    const values = Object.fromEntries(Object.entries(changes).filter(([key]) => (SETTING_KEYS as readonly string[]).includes(key))) as Partial<FocalLabSettings>;
    try {
      // The same checks as the engine; the form validates first, this guards the settings file.
      resolveConfig(settingsToConfig({ ...readSettings(scope), ...values }));
    } catch (error) {
      if (!isInputError(error)) throw error;
      this.context.warn(error.message);
      this.refresh();
      return false;
    }
    for (const [key, value] of Object.entries(values) as [SettingKey, FocalLabSettings[SettingKey]][]) await writeSetting(key, value, scope);
    return true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
