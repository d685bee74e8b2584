// Reads the focalLab.* settings as one typed object and writes a changed value back where
// the user keeps it (folder, workspace or user settings), so .vscode/settings.json stays the truth.

import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type FocalLabSettings, type SettingKey } from '../shared/settings';

export { DEFAULT_SETTINGS };

export const SECTION = 'focalLab';


export function readSettings(scope?: vscode.Uri): FocalLabSettings {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) {
    const value = configuration.get(key);
    if (value !== undefined) (settings as Record<SettingKey, unknown>)[key] = value;
  }
  // A hand-edited "0.9" string for alpha still means 0.9.
  if (typeof settings.alpha === 'string' && settings.alpha !== 'auto' && Number.isFinite(Number(settings.alpha))) settings.alpha = Number(settings.alpha);
  return settings;
}

/** Writes where the value is set now (most specific first), else in the user settings. */
export async function writeSetting<K extends SettingKey>(key: K, value: FocalLabSettings[K], scope?: vscode.Uri): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  const where = configuration.inspect(key);
  const target =
    where?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : where?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await configuration.update(key, value, target);
}
