// What the results panel hands over for the user to keep: a table on the clipboard, a chart as
// a PNG file (save dialog, which asks before replacing a file). The webview can do neither itself.

import * as vscode from 'vscode';

const PNG_PREFIX = 'data:image/png;base64,';
/** A chart is a few hundred kilobytes at most; anything far larger is not one of ours. */
const MAX_PNG_BYTES = 20 * 1024 * 1024;

export async function copyText(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Focal Lab: copied ${what}`, 4000);
}

/** The PNG bytes of a data URL, or null when it is not a PNG. */
export function pngBytes(dataUrl: string): Uint8Array | null {
  if (typeof dataUrl !== 'string' || !dataUrl.startsWith(PNG_PREFIX)) return null;
  const bytes = Buffer.from(dataUrl.slice(PNG_PREFIX.length), 'base64');
  const signature = [0x89, 0x50, 0x4e, 0x47];
  if (bytes.length < 8 || bytes.length > MAX_PNG_BYTES || signature.some((b, i) => bytes[i] !== b)) return null;
  return bytes;
}

/** A plain file name: no folders, no characters a file system refuses. */
function safeName(fileName: string): string {
  const base = String(fileName).split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[<>:"|?*\u0000-\u001f]/g, '-').slice(0, 120);
  return cleaned.toLowerCase().endsWith('.png') ? cleaned : `${cleaned || 'focal-lab-chart'}.png`;
}

export async function saveImage(fileName: string, dataUrl: string): Promise<vscode.Uri | undefined> {
  const bytes = pngBytes(dataUrl);
  if (!bytes) {
    void vscode.window.showErrorMessage('Focal Lab could not save the chart: the panel sent no PNG image. Reopen the run and try again.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = safeName(fileName);
  const target = await vscode.window.showSaveDialog({
    title: 'Save chart as PNG',
    saveLabel: 'Save PNG',
    filters: { 'PNG image': ['png'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, bytes);
  vscode.window.setStatusBarMessage(`Focal Lab: saved ${vscode.workspace.asRelativePath(target)}`, 4000);
  return target;
}
