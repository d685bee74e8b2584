// Target column and positive class for a file: remembered per file, else guessed as the
// engine does, and asked with pre-filled Quick Picks only when the guess is uncertain.

import * as vscode from 'vscode';
import type { TableInspection } from '../core/dataset/inspect';

export interface TargetChoice {
  target?: string;
  positive?: string;
}

const KEY_PREFIX = 'focalLab.choice:';

/** The first item of the class Quick Pick for a target of three or more classes. */
export const ALL_CLASSES_LABEL = 'All classes (one multi-class model)';

interface ClassItem extends vscode.QuickPickItem {
  allClasses?: boolean;
}

export function rememberedChoice(state: vscode.Memento, file: vscode.Uri): TargetChoice | undefined {
  return state.get<TargetChoice>(KEY_PREFIX + file.toString());
}

export async function rememberChoice(state: vscode.Memento, file: vscode.Uri, choice: TargetChoice): Promise<void> {
  await state.update(KEY_PREFIX + file.toString(), choice);
}

export async function forgetChoice(state: vscode.Memento, file: vscode.Uri): Promise<void> {
  await state.update(KEY_PREFIX + file.toString(), undefined);
}

/**
 * Asks what the inspection could not tell. Returns undefined when the user dismisses a pick
 * (nothing runs then), or the choice (only the asked parts are set).
 */
export async function askWhatIsUncertain(
  fileName: string,
  inspection: TableInspection,
  reinspect: (target: string) => Promise<TableInspection>,
): Promise<{ choice: TargetChoice; asked: boolean } | undefined> {
  const choice: TargetChoice = {};
  let asked = false;
  let current = inspection;
  if (current.target === null || current.targetUncertain) {
    const candidates = current.targetCandidates.length > 0 ? current.targetCandidates : current.columns;
    const items = candidates.map((name) => ({ label: name, description: name === current.target ? 'best guess' : undefined }));
    const guess = items.find((i) => i.label === current.target);
    const picked = await pickOne(items, guess, `Focal Lab: which column of ${fileName} is the target?`, 'The column holding the class to predict');
    if (!picked) return undefined;
    asked = true;
    // Accepting the guess on a file read whole leaves the target to the engine's rule (the same
    // answer on the same rows), so it is not reported as "chosen by you". A sample of a large
    // file may guess otherwise than the whole file: then the accepted guess is passed on.
    if (picked.label !== current.target || current.sampled) choice.target = picked.label;
    if (picked.label !== current.target) current = await reinspect(picked.label);
  }
  if (current.positiveUncertain && current.classes.length >= 2) {
    const total = current.classes.reduce((sum, c) => sum + c.count, 0);
    const several = current.classes.length > 2;
    const classItems: ClassItem[] = current.classes.map((c) => ({
      label: c.name,
      // From a sample of a large file only the share is meaningful.
      description: `${current.sampled ? `${((100 * c.count) / total).toFixed(1)}% of ${total.toLocaleString('en-US')} sampled rows` : `${c.count} rows (${((100 * c.count) / total).toFixed(1)}%)`}${c.name === current.positiveClass ? ' · rarest' : ''}`,
      ...(several ? { detail: 'This class against all the others (one-vs-rest)' } : {}),
    }));
    // Three or more classes: one multi-class model is the default; a class keeps one-vs-rest.
    const items: ClassItem[] = several ? [{ label: ALL_CLASSES_LABEL, description: `${current.classes.length} classes`, allClasses: true }, ...classItems] : classItems;
    const picked = await pickOne(
      items,
      items[0],
      several ? `Focal Lab: train one model over all classes of '${current.target}', or one class against the rest?` : `Focal Lab: which class of '${current.target}' is the positive (rare) class?`,
      several ? 'All classes trains one multi-class model; a class is compared against all the other classes' : 'Metrics such as minority recall refer to this class',
    );
    if (!picked) return undefined;
    asked = true;
    // Accepting the pre-filled guess leaves the choice to the engine's rule (the minority class),
    // so the run reports it as the minority, not as "chosen by you" (unless only a sample was read, see above).
    // With three or more classes a class is always passed on: without one the engine trains all classes.
    if (!picked.allClasses && (several || picked.label !== current.positiveClass || current.sampled)) choice.positive = picked.label;
  }
  return { choice, asked };
}

async function pickOne<T extends vscode.QuickPickItem>(items: T[], active: T | undefined, title: string, placeholder: string): Promise<T | undefined> {
  const quickPick = vscode.window.createQuickPick<T>();
  quickPick.title = title;
  quickPick.placeholder = placeholder;
  quickPick.items = items;
  if (active) quickPick.activeItems = [active];
  quickPick.ignoreFocusOut = true;
  return new Promise<T | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}
