// Extension entry point: wires the host pieces together; nothing else happens here.

import * as vscode from 'vscode';
import { activateFocalLab, type FocalLabApi } from './host/activate';

export function activate(context: vscode.ExtensionContext): FocalLabApi {
  return activateFocalLab(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
