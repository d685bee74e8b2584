// The Settings view in the Focal Lab side bar: a webview form over the focalLab.* settings
// with the live loss-shape chart. It replays the state when it becomes visible again
// instead of keeping a hidden webview alive.

import * as vscode from 'vscode';
import { resolveConfig } from '../core/config';
import { isInputError } from '../core/errors';
import { settingsToConfig, SETTING_KEYS, type FocalLabSettings, type SettingKey } from '../shared/settings';
import { settingsProblem } from '../shared/settingsValidation';
import type { FromSidebar, PTrueHistogram, SidebarState, ToSidebar } from '../shared/webviewProtocol';
import { hostWork } from './hostWork';
import { readSettings, SECTION, writeSetting } from './settings';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const SETTINGS_VIEW_ID = 'focalLab.settings';

/** The CSV a Run uses, and why that one. */
export interface RunTarget {
  file: vscode.Uri;
  from: 'editor' | 'panel' | 'last run';
}

/** The classes of the data set the side bar speaks of, and what alpha 'auto' came to on them. */
export interface DatasetClasses {
  positiveClass: string;
  negativeClass: string;
  /** Two classes: the positive class's weight. */
  autoAlpha?: number;
  /** Three or more classes trained as one model: the classes in order, and auto's weight for each. */
  classes?: string[];
  autoAlphaPerClass?: number[];
}

export interface SidebarContext {
  /** The CSV a Run would use now (the CSV in the editor, else the results panel in view, else the last run), and the classes of its data set. */
  runTarget(): RunTarget | undefined;
  lastClasses(): DatasetClasses | undefined;
  /** What Re-run would repeat, in words, or null when there is nothing to repeat. */
  rerunLabel(): string | null;
  /** The p_t histogram of the newest run of this file, if one recorded it. */
  pTrueHistogram(file: string): PTrueHistogram | null;
  isRunning(): boolean;
  /** Runs on the run target with these settings (already validated). */
  run(settings: FocalLabSettings): void;
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
    view.webview.onDidReceiveMessage((message: FromSidebar) => void this.receive(message), undefined, this.disposables);
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
    const target = this.context.runTarget();
    const file = target?.file;
    const classes = this.context.lastClasses();
    const rerunLabel = this.context.rerunLabel();
    return {
      settings: readSettings(file),
      positiveClass: classes?.positiveClass ?? null,
      negativeClass: classes?.negativeClass ?? null,
      autoAlpha: classes?.autoAlpha ?? null,
      classes: classes?.classes ?? null,
      autoAlphaPerClass: classes?.autoAlphaPerClass ?? null,
      fileName: file ? file.path.split('/').pop() ?? null : null,
      filePath: file ? file.fsPath : null,
      fileSource: target?.from ?? null,
      canRerun: rerunLabel !== null,
      rerunLabel,
      running: this.context.isRunning(),
      pTrueHistogram: file ? withFileName(this.context.pTrueHistogram(file.fsPath), file) : null,
    };
  }

  /** Handles a message from the form (public so the extension's tests can send what the form sends). */
  async receive(message: FromSidebar): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.refresh();
        return;
      case 'changeSettings':
        await this.applySettings(message.values);
        return;
      case 'run':
        this.runWith(message.settings);
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

  /**
   * Runs with the settings the form shows. They are checked again here: a run never trains on
   * values other than those on screen, and never on invalid ones. Returns whether it started.
   */
  runWith(settings: FocalLabSettings | undefined): boolean {
    if (!settings) {
      this.context.warn('Run needs the form’s settings; reopen the Focal Lab side bar and try again.');
      return false;
    }
    const values = { ...readSettings(this.context.runTarget()?.file), ...pickSettings(settings) };
    try {
      const problem = settingsProblem(values);
      if (problem) {
        this.context.warn(`Nothing was run: ${problem}`);
        this.refresh();
        return false;
      }
      resolveConfig(settingsToConfig(values));
    } catch (error) {
      if (!isInputError(error)) throw error;
      this.context.warn(`Nothing was run: ${error.message}`);
      this.refresh();
      return false;
    }
    this.context.run(values);
    return true;
  }

  /** Validates the changed values together with the rest and writes them; returns whether they were written. */
  async applySettings(changes: Partial<FocalLabSettings>): Promise<boolean> {
    const scope = this.context.runTarget()?.file;
    const values = pickSettings(changes);
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

/** Only the keys that are settings (a message is untrusted input). */
function pickSettings(values: Partial<FocalLabSettings>): Partial<FocalLabSettings> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => (SETTING_KEYS as readonly string[]).includes(key))) as Partial<FocalLabSettings>;
}

function withFileName(histogram: PTrueHistogram | null, file: vscode.Uri): (PTrueHistogram & { fileName: string }) | null {
  return histogram ? { ...histogram, fileName: file.path.split('/').pop() ?? '' } : null;
}
