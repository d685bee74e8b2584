// The settings form: built once, then updated in place from each `state` message so the
// field being edited keeps its focus and caret. Valid edits go to the host as
// `changeSetting`; invalid ones stay on screen with a message and are not sent. The fields come
// from the settings' one declaration (src/core/settingsSchema.ts): each row with a `form` entry
// gets the control of its kind in its section; gamma, alpha and the losses have their own.

import type { LossKind } from '../../src/core/results';
import { FORM_SECTIONS, SETTINGS, settingSpec, type ChoiceListSetting, type FormSectionId } from '../../src/core/settingsSchema';
import { parseSetting } from '../../src/core/settingsChecks';
import { SETTING_KEYS, type FocalLabSettings, type SettingKey } from '../../src/shared/settings';
import { alphaFavoursNegative, checkClassAlphas, checkLosses, checkSplit, parseNumberField, type FieldResult, type NumberKey } from '../../src/shared/settingsValidation';
import { shortNumber } from '../../src/shared/runIdentity';
import type { FromSidebar, SidebarState } from '../../src/shared/webviewProtocol';
import { el, quoteClass, uniqueId } from './dom';
import { EchoGuard, ErrorSlot, TextField, markInvalid } from './fields';

export interface FormHost {
  post(message: FromSidebar): void;
  /** What the loss-shape chart shows changed (slider moved, alpha or losses edited, new classes). */
  preview(view: FormPreview): void;
  /** Drafts or UI state changed: persist them with the webview state. */
  persist(): void;
}

export interface FormPreview {
  gamma: number;
  alpha: FocalLabSettings['alpha'];
  /** What 'auto' came to on the last data set, if known. */
  autoAlpha: number | null;
  losses: readonly LossKind[];
  positiveClass: string | null;
  negativeClass: string | null;
  /** Three or more classes trained as one model: how many (the chart then says pₜ is the true class's softmax probability). */
  classes: number | null;
}

/** What survives the view being hidden: text being typed and which sections are folded. */
export interface FormViewState {
  drafts: Record<string, string>;
  /** The last alpha value typed, shown while alpha is auto. */
  alphaValueText?: string;
  closedSections?: string[];
}

const sameNumber = (a: number, b: number): boolean => a === b;
const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function formatNumber(value: number): string {
  return String(value);
}

function formatList(values: readonly (number | string)[]): string {
  return values.join(',');
}

/** The label a field shows: the form's own, else the setting's. */
function fieldLabel(key: SettingKey): string {
  const spec = settingSpec(key);
  return spec.form?.label ?? spec.label;
}

/** A select or a checkbox: sent as soon as it changes. */
interface ImmediateControl {
  element: HTMLSelectElement | HTMLInputElement;
  echo: EchoGuard<unknown>;
  read(): unknown;
  show(value: unknown): void;
}

type AlphaMode = 'auto' | 'value' | 'perClass';

function alphaModeOf(alpha: FocalLabSettings['alpha']): AlphaMode {
  return alpha === 'auto' ? 'auto' : typeof alpha === 'object' ? 'perClass' : 'value';
}

/** The paper's value, offered when the user first switches alpha from auto to a value. */
const DEFAULT_ALPHA_VALUE = '0.25';

export class SidebarForm {
  readonly root: HTMLElement;
  readonly chartCanvas: HTMLCanvasElement;
  private readonly chartNote: HTMLElement;
  private state: SidebarState;
  private readonly textFields = new Map<string, TextField<unknown>>();

  // actions
  private readonly runButton: HTMLButtonElement;
  private readonly rerunButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly fileLine: HTMLElement;
  private readonly rerunLine: HTMLElement;
  private readonly runningLine: HTMLElement;
  private readonly invalidLine: HTMLElement;

  // gamma
  private readonly gammaSlider: HTMLInputElement;
  private gammaField!: TextField<number>;
  private shownGamma: number;

  // alpha
  private readonly alphaAuto: HTMLInputElement;
  private readonly alphaValueRadio: HTMLInputElement;
  private alphaField!: TextField<number>;
  private readonly alphaSentence: HTMLElement;
  private readonly alphaWarning: HTMLElement;
  private readonly alphaUnused: HTMLElement;
  private readonly alphaModeEcho = new EchoGuard<AlphaMode>((a, b) => a === b);
  private alphaMode: AlphaMode;
  // alpha per class (three or more classes trained as one model)
  private readonly alphaPerClassRadio: HTMLInputElement;
  private readonly alphaPerClassRow: HTMLElement;
  private readonly alphaValueRow: HTMLElement;
  private readonly alphaClassBox: HTMLElement;
  private readonly alphaClassError: HTMLElement;
  /** The classes the per-class inputs were built for (JSON), so they are rebuilt only when the classes change. */
  private alphaClassesShown = '';
  /** 'value' chosen while the number is not valid yet: kept until the host's alpha changes. */
  private alphaModeDraft: { base: FocalLabSettings['alpha'] } | null = null;

  // losses
  private readonly lossBoxes = new Map<LossKind, HTMLInputElement>();
  private readonly lossesError = new ErrorSlot('losses');
  private readonly lossesEcho = new EchoGuard<readonly LossKind[]>(sameList);
  private shownLosses: LossKind[];

  // other immediate controls
  private readonly immediate = new Map<SettingKey, ImmediateControl>();
  private readonly splitUnused: HTMLElement;

  private readonly splitFields: TextField<number>[] = [];
  private readonly sections = new Map<string, HTMLDetailsElement>();

  constructor(private readonly host: FormHost, initial: SidebarState, view: FormViewState | undefined) {
    this.state = initial;
    const s = initial.settings;
    this.shownGamma = s.gamma;
    this.alphaMode = alphaModeOf(s.alpha);
    this.shownLosses = [...s.losses];

    // ---- actions ----
    this.runButton = el('button', { className: 'button primary', text: 'Run', testId: 'run', attrs: { type: 'button', title: 'Compare the chosen losses on the current CSV' } });
    this.rerunButton = el('button', { className: 'button secondary', text: 'Re-run', testId: 'rerun', attrs: { type: 'button' } });
    this.stopButton = el('button', { className: 'button secondary stop', text: 'Stop', testId: 'stop', attrs: { type: 'button', title: 'Cancel the running comparison', hidden: true } });
    this.fileLine = el('p', { className: 'file-line', testId: 'file-line', attrs: { id: uniqueId('file') } });
    this.rerunLine = el('p', { className: 'file-line hint', testId: 'rerun-line', attrs: { id: uniqueId('rerun') } });
    this.rerunButton.setAttribute('aria-describedby', this.rerunLine.id);
    this.runningLine = el('div', { className: 'running-line', attrs: { role: 'status', hidden: true } }, [
      el('div', { className: 'progress', attrs: { 'aria-hidden': 'true' } }, [el('div', { className: 'progress-bar' })]),
      el('span', { text: 'Training… see the Focal Lab panel for live curves.' }),
    ]);
    this.invalidLine = el('p', { className: 'invalid-line', testId: 'invalid-line', attrs: { hidden: true, id: uniqueId('invalid'), role: 'status' } });
    this.runButton.setAttribute('aria-describedby', `${this.fileLine.id} ${this.invalidLine.id}`);
    this.runButton.addEventListener('click', () => this.run());
    this.rerunButton.addEventListener('click', () => this.host.post({ type: 'rerun' }));
    this.stopButton.addEventListener('click', () => this.host.post({ type: 'stop' }));
    const actions = el('div', { className: 'actions' }, [
      el('div', { className: 'button-row' }, [this.runButton, this.rerunButton, this.stopButton]),
      this.fileLine,
      this.rerunLine,
      this.runningLine,
      this.invalidLine,
    ]);

    // ---- gamma ----
    const gammaId = uniqueId('gamma');
    const gammaSpec = SETTINGS.gamma;
    const gammaStep = gammaSpec.form?.step;
    const gammaHint = el('p', { className: 'hint', attrs: { id: uniqueId('gamma-hint') }, text: gammaSpec.form?.hint });
    const gammaInput = el('input', {
      className: 'text-input number',
      testId: 'gamma-input',
      attrs: { id: gammaId, type: 'number', min: gammaSpec.min, max: gammaSpec.max, step: gammaStep, inputmode: 'decimal', 'aria-describedby': gammaHint.id, autocomplete: 'off' },
    });
    this.gammaSlider = el('input', {
      className: 'slider',
      testId: 'gamma-slider',
      attrs: { type: 'range', min: gammaSpec.min, max: gammaSpec.max, step: gammaStep, 'aria-label': `${gammaSpec.label} (slider)`, 'aria-describedby': gammaHint.id },
    });
    const gammaError = new ErrorSlot('gamma');
    this.gammaField = new TextField<number>({
      key: 'gamma',
      input: gammaInput,
      error: gammaError,
      parse: (text) => parseNumberField('gamma', text),
      format: formatNumber,
      equals: sameNumber,
      commit: (value) => this.change('gamma', value),
      onShown: (value) => this.showGamma(value),
      onDraftChange: () => this.host.persist(),
      companions: [this.gammaSlider],
    });
    this.register(this.gammaField);
    this.gammaSlider.addEventListener('input', () => this.gammaField.setText(this.gammaSlider.value, false));
    this.gammaSlider.addEventListener('change', () => this.gammaField.flush());
    this.gammaSlider.addEventListener('blur', () => this.gammaField.flush());

    this.chartCanvas = el('canvas', { testId: 'loss-shape-chart', attrs: { role: 'img', 'aria-label': 'Loss against p_t' } });
    this.chartNote = el('p', { className: 'hint', testId: 'loss-shape-note' });
    const gammaBlock = el('div', { className: 'field gamma' }, [
      el('div', { className: 'field-row' }, [el('label', { className: 'field-label', text: fieldLabel('gamma'), attrs: { for: gammaId } }), gammaInput]),
      el('div', { className: 'slider-row' }, [
        el('span', { className: 'slider-end', text: String(gammaSpec.min), attrs: { 'aria-hidden': 'true' } }),
        this.gammaSlider,
        el('span', { className: 'slider-end', text: String(gammaSpec.max), attrs: { 'aria-hidden': 'true' } }),
      ]),
      gammaHint,
      gammaError.element,
      el('div', { className: 'chart-box' }, [this.chartCanvas]),
      this.chartNote,
    ]);

    // ---- alpha ----
    const alphaName = uniqueId('alpha-mode');
    const autoId = uniqueId('alpha-auto');
    const valueId = uniqueId('alpha-value');
    this.alphaAuto = el('input', { className: 'radio', testId: 'alpha-auto', attrs: { type: 'radio', name: alphaName, id: autoId, value: 'auto' } });
    this.alphaValueRadio = el('input', { className: 'radio', testId: 'alpha-value', attrs: { type: 'radio', name: alphaName, id: valueId, value: 'value' } });
    const alphaInputId = uniqueId('alpha-number');
    const alphaInput = el('input', {
      className: 'text-input number',
      testId: 'field-alpha',
      attrs: { id: alphaInputId, type: 'number', min: SETTINGS.alpha.min, max: SETTINGS.alpha.max, step: SETTINGS.alpha.form?.step, inputmode: 'decimal', 'aria-label': 'Alpha value (weight of the positive class)', autocomplete: 'off' },
    });
    const alphaError = new ErrorSlot('alpha');
    this.alphaField = new TextField<number>({
      key: 'alpha',
      input: alphaInput,
      error: alphaError,
      parse: (text) => parseNumberField('alpha', text),
      format: formatNumber,
      equals: sameNumber,
      commit: (value) => {
        if (this.alphaMode !== 'value') return false;
        this.alphaModeDraft = null;
        this.alphaModeEcho.sent('value', this.hostAlphaMode());
        return this.change('alpha', value);
      },
      onShown: () => this.refreshAlpha(),
      onDraftChange: () => this.host.persist(),
    });
    this.register(this.alphaField);
    this.alphaAuto.addEventListener('change', () => this.setAlphaMode('auto'));
    this.alphaValueRadio.addEventListener('change', () => this.setAlphaMode('value'));
    const perClassId = uniqueId('alpha-per-class');
    this.alphaPerClassRadio = el('input', { className: 'radio', testId: 'alpha-per-class', attrs: { type: 'radio', name: alphaName, id: perClassId, value: 'per-class' } });
    this.alphaPerClassRadio.addEventListener('change', () => this.setAlphaMode('perClass'));
    this.alphaClassBox = el('div', { className: 'alpha-classes', testId: 'alpha-classes', attrs: { role: 'group', 'aria-label': 'Alpha weight of each class' } });
    this.alphaClassError = el('p', { className: 'error', testId: 'alpha-classes-error', attrs: { hidden: true, role: 'alert' } });
    this.alphaPerClassRow = el('div', { className: 'choice alpha-per-class-row', attrs: { hidden: true } }, [this.alphaPerClassRadio, el('label', { attrs: { for: perClassId }, text: 'one weight per class' })]);
    this.alphaSentence = el('p', { className: 'alpha-sentence', testId: 'alpha-sentence', attrs: { id: uniqueId('alpha-sentence'), 'aria-live': 'polite' } });
    this.alphaWarning = el('p', { className: 'warning', testId: 'alpha-warning', attrs: { hidden: true, id: uniqueId('alpha-warning') } });
    this.alphaUnused = el('p', { className: 'hint', attrs: { hidden: true }, text: 'No chosen loss uses alpha: only Weighted BCE and Alpha-balanced focal do.' });
    alphaInput.setAttribute('aria-describedby', `${this.alphaSentence.id} ${this.alphaWarning.id}`);
    const alphaFieldset = el('fieldset', { className: 'field alpha', attrs: { 'aria-describedby': this.alphaSentence.id } }, [
      el('legend', { className: 'field-label', text: fieldLabel('alpha') }),
      el('div', { className: 'choice' }, [this.alphaAuto, el('label', { attrs: { for: autoId }, text: SETTINGS.alpha.autoLabel })]),
      (this.alphaValueRow = el('div', { className: 'choice alpha-value-row' }, [this.alphaValueRadio, el('label', { attrs: { for: valueId }, text: 'value' }), alphaInput])),
      alphaError.element,
      this.alphaPerClassRow,
      this.alphaClassBox,
      this.alphaClassError,
      this.alphaSentence,
      this.alphaWarning,
      this.alphaUnused,
    ]);
    if (s.alpha === 'auto') setValueIfIdle(alphaInput, view?.alphaValueText ?? DEFAULT_ALPHA_VALUE);

    // ---- losses ----
    const lossChoices = (SETTINGS.losses as ChoiceListSetting<LossKind>).choices;
    const lossItems = lossChoices.map(({ value: kind, label, description }) => {
      const id = uniqueId(`loss-${kind}`);
      const descriptionId = uniqueId(`loss-${kind}-description`);
      const box = el('input', { className: 'checkbox', testId: `field-losses-${kind}`, attrs: { type: 'checkbox', id, value: kind, 'aria-describedby': descriptionId } });
      box.addEventListener('change', () => this.lossesChanged());
      this.lossBoxes.set(kind, box);
      return el('div', { className: 'choice' }, [
        box,
        el('label', { attrs: { for: id } }, [el('span', { text: label }), el('span', { className: 'choice-description', text: ` — ${description}`, attrs: { id: descriptionId } })]),
      ]);
    });
    const lossesFieldset = el('fieldset', { className: 'field losses', testId: 'field-losses' }, [
      el('legend', { className: 'visually-hidden', text: 'Losses to compare' }),
      ...lossItems,
      this.lossesError.element,
    ]);

    // ---- every other field, by kind, in its section ----
    this.splitUnused = el('p', { className: 'hint warning', testId: 'split-unused', attrs: { role: 'note' }, text: '' });
    const bespoke: Partial<Record<SettingKey, HTMLElement>> = { gamma: gammaBlock, alpha: alphaFieldset, losses: lossesFieldset };
    const fieldsOf = (section: FormSectionId): HTMLElement[] =>
      SETTING_KEYS.filter((key) => settingSpec(key).form?.section === section).map((key) => bespoke[key] ?? this.field(key));

    const closed = new Set(view?.closedSections ?? []);
    this.root = el('form', { className: 'sidebar', attrs: { novalidate: true, 'aria-label': 'Focal Lab settings' } }, [
      actions,
      ...FORM_SECTIONS.map((section) => {
        const note = 'note' in section ? el('p', { className: 'hint', text: section.note }) : null;
        // The split fractions say when they are not used (cross-validation decides the parts then).
        const extra = section.id === 'data' ? [this.splitUnused] : [];
        return this.section(section.id, section.title, [...(note ? [note] : []), ...extra, ...fieldsOf(section.id)], closed);
      }),
    ]);
    this.root.addEventListener('submit', (event) => event.preventDefault());

    this.applyState(initial);
    for (const [key, text] of Object.entries(view?.drafts ?? {})) this.textFields.get(key)?.restoreDraft(text);
  }

  /** Takes a state from the host; never rewrites the field being edited. */
  applyState(state: SidebarState): void {
    this.state = state;
    const s = state.settings;

    this.gammaField.applyHost(s.gamma);
    for (const [key, field] of this.textFields) if (key !== 'gamma' && key !== 'alpha') field.applyHost(s[key as SettingKey]);
    for (const [key, control] of this.immediate) if (control.echo.accept(s[key])) control.show(s[key]);

    // alpha: the mode from 'auto' / number, the number only when the host has one
    const hostMode = alphaModeOf(s.alpha);
    if (this.alphaModeDraft && this.alphaModeDraft.base !== s.alpha) this.alphaModeDraft = null;
    if (this.alphaModeEcho.accept(hostMode) && !this.alphaModeDraft) this.alphaMode = hostMode;
    if (typeof s.alpha === 'number') this.alphaField.applyHost(s.alpha);
    else this.alphaField.forgetHost();
    this.alphaAuto.checked = this.alphaMode === 'auto';
    this.alphaValueRadio.checked = this.alphaMode === 'value';
    this.alphaPerClassRadio.checked = this.alphaMode === 'perClass';
    this.alphaField.input.disabled = this.alphaMode !== 'value';
    this.refreshClassAlphas();

    if (this.lossesEcho.accept(s.losses)) {
      this.shownLosses = [...s.losses];
      for (const [kind, box] of this.lossBoxes) box.checked = s.losses.includes(kind);
      this.showLossesError(null);
    }
    this.splitUnused.hidden = s.folds === 1;
    this.splitUnused.textContent = s.folds === 1 ? '' : `Not used now: Folds is ${s.folds}, so each fold is the test part once and a share of the rest validates.`;

    this.refreshActions();
    this.refreshAlpha();
  }

  /** The loss-shape chart's caption (what pₜ is for this data set). */
  showChartNote(text: string): void {
    if (this.chartNote.textContent !== text) this.chartNote.textContent = text;
  }

  /** Text typed but not yet confirmed, by field, to survive the view being hidden. */
  viewState(): FormViewState {
    const drafts: Record<string, string> = {};
    for (const [key, field] of this.textFields) if (field.draft !== null) drafts[key] = field.draft;
    const closedSections = [...this.sections].filter(([, details]) => !details.open).map(([id]) => id);
    return { drafts, alphaValueText: this.alphaField.input.value, closedSections };
  }

  /** What the chart should draw now (the slider's gamma even before the host confirms it). */
  preview(): FormPreview {
    const alphaNow = this.alphaField.current();
    return {
      gamma: this.shownGamma,
      alpha: this.alphaMode === 'auto' ? 'auto' : this.alphaMode === 'perClass' ? (this.classAlphas() ?? this.state.settings.alpha) : alphaNow.ok ? alphaNow.value : this.state.settings.alpha,
      autoAlpha: this.state.autoAlpha ?? null,
      losses: this.shownLosses,
      positiveClass: this.state.positiveClass,
      negativeClass: this.state.negativeClass,
      classes: this.multiclassNames()?.length ?? null,
    };
  }

  // ---------- building blocks ----------

  private section(id: string, title: string, children: readonly HTMLElement[], closed: ReadonlySet<string>): HTMLElement {
    const details = el('details', { className: 'section', testId: `section-${id}`, attrs: { open: !closed.has(id) } }, [
      el('summary', { className: 'section-title' }, [el('span', { text: title })]),
      el('div', { className: 'section-body' }, children),
    ]);
    details.addEventListener('toggle', () => this.host.persist());
    this.sections.set(id, details);
    return details;
  }

  /** The control of a setting's kind, from its row in the schema. */
  private field(key: SettingKey): HTMLElement {
    const spec = settingSpec(key);
    switch (spec.kind) {
      case 'number':
        return this.numberField(key as NumberKey);
      case 'number-list':
      case 'word-list':
      case 'arms':
        return this.textField(key);
      case 'choice':
        return this.selectField(key);
      case 'boolean':
        return this.checkboxField(key);
      case 'auto-or-number':
      case 'choice-list':
        // Alpha and the losses have controls of their own; another such setting needs one too.
        throw new Error(`The side bar has no control for ${key} (${spec.kind}) yet.`);
    }
  }

  private hint(key: SettingKey, className = 'hint'): HTMLElement | null {
    const text = settingSpec(key).form?.hint;
    return text ? el('p', { className, text, attrs: { id: uniqueId(`${key}-hint`) } }) : null;
  }

  private numberField(key: NumberKey): HTMLElement {
    const id = uniqueId(key);
    const hintEl = this.hint(key);
    const spec = SETTINGS[key];
    const input = el('input', {
      className: 'text-input number',
      testId: `field-${key}`,
      attrs: {
        id,
        type: 'number',
        min: spec.min,
        max: spec.max,
        step: spec.form?.step ?? ('integer' in spec && spec.integer ? 1 : undefined),
        inputmode: 'integer' in spec && spec.integer ? 'numeric' : 'decimal',
        autocomplete: 'off',
        'aria-describedby': hintEl?.id,
      },
    });
    const error = new ErrorSlot(key);
    const isSplit = key === 'trainFraction' || key === 'validationFraction' || key === 'testFraction';
    const field = new TextField<number>({
      key,
      input,
      error,
      parse: (text) => parseNumberField(key, text),
      format: formatNumber,
      equals: sameNumber,
      commit: (value) => (isSplit ? this.commitSplit() : this.change(key, value)),
      crossCheck: isSplit ? () => this.splitProblem() : undefined,
      onShown: isSplit ? () => this.splitRevalidate(field) : undefined,
      onDraftChange: () => this.host.persist(),
    });
    if (isSplit) this.splitFields.push(field);
    this.register(field);
    return el('div', { className: 'field' }, [
      el('div', { className: 'field-row' }, [el('label', { className: 'field-label', text: fieldLabel(key), attrs: { for: id } }), input]),
      hintEl,
      error.element,
    ]);
  }

  /** Typed as text: a comma-separated list of numbers or words, or the arms. */
  private textField(key: SettingKey): HTMLElement {
    const id = uniqueId(key);
    const hintEl = this.hint(key);
    const input = el('input', {
      className: 'text-input list',
      testId: `field-${key}`,
      attrs: { id, type: 'text', inputmode: settingSpec(key).kind === 'number-list' ? 'decimal' : 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': hintEl?.id },
    });
    const error = new ErrorSlot(key);
    const field = new TextField<(number | string)[] | string>({
      key,
      input,
      error,
      parse: (text) => parseSetting(key, text) as FieldResult<(number | string)[] | string>,
      format: (value) => (Array.isArray(value) ? formatList(value) : value),
      equals: (a, b) => (Array.isArray(a) && Array.isArray(b) ? sameList(a, b) : a === b),
      commit: (value) => this.change(key, value as FocalLabSettings[typeof key]),
      onDraftChange: () => this.host.persist(),
    });
    this.register(field);
    return el('div', { className: 'field' }, [
      el('div', { className: 'field-row' }, [el('label', { className: 'field-label', text: fieldLabel(key), attrs: { for: id } }), input]),
      hintEl,
      error.element,
    ]);
  }

  /** One of a few values: sent as soon as it is picked. */
  private selectField(key: SettingKey): HTMLElement {
    const spec = settingSpec(key);
    if (spec.kind !== 'choice') throw new Error(`${key} is not a choice.`);
    const select = el('select', { className: 'select', testId: `field-${key}`, attrs: { id: uniqueId(key) } });
    for (const choice of spec.choices) select.append(el('option', { text: choice.label, attrs: { value: choice.value, title: choice.description } }));
    const hintEl = this.hint(key);
    if (hintEl) select.setAttribute('aria-describedby', hintEl.id);
    this.immediateControl(key, select, 'change', () => select.value, (value) => (select.value = String(value)));
    return el('div', { className: 'field' }, [
      el('div', { className: 'field-row' }, [el('label', { className: 'field-label', text: fieldLabel(key), attrs: { for: select.id } }), select]),
      hintEl,
    ]);
  }

  /** On or off: sent as soon as it is clicked. */
  private checkboxField(key: SettingKey): HTMLElement {
    const box = el('input', { className: 'checkbox', testId: `field-${key}`, attrs: { type: 'checkbox', id: uniqueId(key) } });
    const hintEl = this.hint(key, 'hint indented');
    if (hintEl) box.setAttribute('aria-describedby', hintEl.id);
    this.immediateControl(key, box, 'change', () => box.checked, (value) => (box.checked = value === true));
    return el('div', { className: 'field' }, [el('div', { className: 'choice' }, [box, el('label', { attrs: { for: box.id }, text: fieldLabel(key) })]), hintEl]);
  }

  private immediateControl(key: SettingKey, element: HTMLSelectElement | HTMLInputElement, event: string, read: () => unknown, show: (value: unknown) => void): void {
    const control: ImmediateControl = { element, echo: new EchoGuard<unknown>((a, b) => a === b), read, show };
    element.addEventListener(event, () => {
      const value = read();
      this.change(key, value as FocalLabSettings[typeof key]);
      control.echo.sent(value, this.state.settings[key]);
    });
    this.immediate.set(key, control);
  }

  private register<T>(field: TextField<T>): void {
    this.textFields.set(field.key, field as unknown as TextField<unknown>);
    field.input.addEventListener('input', () => this.refreshInvalid());
    field.input.addEventListener('blur', () => this.refreshInvalid());
  }

  private change<K extends SettingKey>(key: K, value: FocalLabSettings[K]): boolean {
    const values: Partial<FocalLabSettings> = {};
    values[key] = value;
    this.host.post({ type: 'changeSettings', values });
    return true;
  }

  // ---------- gamma ----------

  private showGamma(value: number): void {
    this.shownGamma = value;
    if (document.activeElement !== this.gammaSlider) this.gammaSlider.value = String(value);
    // The filled part of the track (CSSOM, which the CSP allows; no style attribute is parsed).
    this.gammaSlider.style.setProperty('--fill', `${(Math.min(10, Math.max(0, value)) / 10) * 100}%`);
    this.host.preview(this.preview());
  }

  // ---------- alpha ----------

  private setAlphaMode(mode: AlphaMode): void {
    this.alphaMode = mode;
    this.alphaModeDraft = null;
    this.alphaField.input.disabled = mode !== 'value';
    if (mode === 'auto') {
      this.alphaField.showError(null);
      this.alphaModeEcho.sent('auto', this.hostAlphaMode());
      this.change('alpha', 'auto');
    } else if (mode === 'perClass') {
      this.alphaField.showError(null);
      this.refreshClassAlphas();
      const weights = this.classAlphas();
      if (weights) {
        this.alphaModeEcho.sent('perClass', this.hostAlphaMode());
        this.change('alpha', weights);
      } else this.alphaModeDraft = { base: this.state.settings.alpha };
    } else {
      const value = this.alphaField.validate();
      if (value.ok) {
        this.alphaModeEcho.sent('value', this.hostAlphaMode());
        this.change('alpha', value.value);
      } else {
        this.alphaModeDraft = { base: this.state.settings.alpha };
      }
    }
    this.refreshAlpha();
    this.refreshInvalid();
  }

  private hostAlphaMode(): AlphaMode {
    return alphaModeOf(this.state.settings.alpha);
  }

  /** The classes of a multi-class data set (three or more), else null. */
  private multiclassNames(): string[] | null {
    const classes = this.state.classes;
    return classes && classes.length >= 3 ? classes : null;
  }

  /**
   * The per-class inputs: one per class of the data set, filled from the setting when it names
   * them, else with what auto comes to (so editing starts from the balanced weights).
   */
  private refreshClassAlphas(): void {
    const classes = this.multiclassNames() ?? (typeof this.state.settings.alpha === 'object' ? Object.keys(this.state.settings.alpha) : null);
    const s = this.state.settings;
    this.alphaPerClassRow.hidden = classes === null;
    // A single number is one class's weight: with three or more classes it is offered only while it is the setting.
    this.alphaValueRow.hidden = this.multiclassNames() !== null && typeof s.alpha !== 'number' && this.alphaMode !== 'value';
    this.alphaClassBox.hidden = this.alphaMode !== 'perClass' || classes === null;
    if (!classes) return;
    const key = JSON.stringify(classes);
    const fromSetting = (name: string, c: number): number | undefined => (typeof s.alpha === 'object' ? s.alpha[name] : this.state.autoAlphaPerClass?.[c]);
    if (key !== this.alphaClassesShown) {
      this.alphaClassesShown = key;
      const rows = classes.map((name, c) => {
        const id = uniqueId(`alpha-class-${c}`);
        const input = el('input', { className: 'number', testId: `alpha-class-${c}`, attrs: { id, type: 'number', min: 0, max: 1, step: 0.05, inputmode: 'decimal', autocomplete: 'off', 'data-class': name } });
        const value = fromSetting(name, c);
        input.value = value === undefined ? '' : shortNumber(value);
        input.addEventListener('change', () => this.classAlphaChanged());
        return el('div', { className: 'field-row alpha-class-row' }, [el('label', { className: 'field-label', attrs: { for: id }, text: quoteClass(name) }), input]);
      });
      this.alphaClassBox.replaceChildren(...rows);
    } else {
      // The host's values, unless an input is being edited.
      for (const input of this.alphaClassInputs()) {
        const name = input.getAttribute('data-class') ?? '';
        const value = typeof s.alpha === 'object' ? s.alpha[name] : undefined;
        if (value !== undefined && document.activeElement !== input) input.value = shortNumber(value);
      }
    }
  }

  private alphaClassInputs(): HTMLInputElement[] {
    return [...this.alphaClassBox.querySelectorAll<HTMLInputElement>('input[data-class]')];
  }

  /** The per-class weights typed, or null (and the reason shown) when one is not a number from 0 to 1. */
  private classAlphas(): Record<string, number> | null {
    const inputs = this.alphaClassInputs();
    if (inputs.length === 0) return null;
    const weights: Record<string, number> = {};
    for (const input of inputs) {
      const name = input.getAttribute('data-class') ?? '';
      const value = input.value.trim() === '' ? Number.NaN : Number(input.value);
      weights[name] = value;
    }
    const problem = checkClassAlphas(weights);
    this.alphaClassError.hidden = problem === null;
    this.alphaClassError.textContent = problem ?? '';
    for (const input of inputs) input.setAttribute('aria-invalid', String(problem !== null && !(Number(input.value) >= 0 && Number(input.value) <= 1 && input.value.trim() !== '')));
    return problem ? null : weights;
  }

  private classAlphaChanged(): void {
    if (this.alphaMode !== 'perClass') return;
    const weights = this.classAlphas();
    if (weights) {
      this.alphaModeDraft = null;
      this.alphaModeEcho.sent('perClass', this.hostAlphaMode());
      this.change('alpha', weights);
    }
    this.refreshAlpha();
    this.refreshInvalid();
  }

  private refreshAlpha(): void {
    const several = this.multiclassNames();
    if (several) {
      this.refreshMulticlassAlpha(several);
      return;
    }
    const { positiveClass, negativeClass } = this.state;
    const positive = positiveClass === null ? 'the positive (minority) class' : `the positive class ${quoteClass(positiveClass)}`;
    const negative = negativeClass === null ? 'the negative class' : `the negative class ${quoteClass(negativeClass)}`;
    const main = `alpha weighs ${positive} (${negative} gets 1 − alpha).`;
    const preview = this.preview();
    let detail: string;
    if (preview.alpha === 'auto') {
      detail =
        typeof this.state.autoAlpha === 'number'
          ? ` auto = negatives / all rows of the training split: ${shortNumber(this.state.autoAlpha)} on this data set, so the rarer class gets the larger weight.`
          : ' auto = negatives / all rows of the training split, so the rarer class gets the larger weight (0.9 on 90:10 data).';
    } else if (typeof preview.alpha === 'object') {
      detail = ` One weight per class is for a target of three or more classes trained as one model; this data set has two classes: choose auto or a value.`;
    } else {
      detail = ` With ${formatNumber(preview.alpha)}: ${positiveClass === null ? 'positive' : quoteClass(positiveClass)} × ${formatNumber(preview.alpha)}, ${negativeClass === null ? 'negative' : quoteClass(negativeClass)} × ${formatNumber(round(1 - preview.alpha))}.`;
    }
    this.alphaSentence.textContent = main + detail;

    const warn = typeof preview.alpha === 'number' && alphaFavoursNegative(preview.alpha);
    this.alphaWarning.hidden = !warn;
    if (warn && typeof preview.alpha === 'number') {
      const who = positiveClass === null ? 'the positive class' : `the positive class ${quoteClass(positiveClass)}`;
      this.alphaWarning.textContent = `alpha ${formatNumber(preview.alpha)} is below 0.5: it gives ${who} less weight than the negative class. The paper’s 0.25 does that; to favour a rare positive class use auto or a value above 0.5.`;
    }
    this.alphaUnused.hidden = this.shownLosses.some((loss) => loss === 'weighted-bce' || loss === 'alpha-focal');
    this.host.preview(preview);
  }

  /** Three or more classes in one model: alpha is the weight of each row's true class; say what auto gives each class. */
  private refreshMulticlassAlpha(classes: string[]): void {
    const preview = this.preview();
    const file = this.state.fileName ? ` on ${this.state.fileName}` : '';
    const main = `With ${classes.length} classes trained as one model, alpha is one weight per class: each row's loss is multiplied by the weight of its true class.`;
    const auto = this.state.autoAlphaPerClass;
    const autoText = auto && auto.length === classes.length ? `${file}: ${classes.map((name, c) => `${quoteClass(name)} ${shortNumber(auto[c]!)}`).join(', ')}` : '';
    let detail: string;
    if (preview.alpha === 'auto') detail = ` auto = inverse class frequency on the training rows, summing to 1${autoText}, so the rarest class gets the largest weight.`;
    else if (typeof preview.alpha === 'object') detail = ` Weights: ${Object.entries(preview.alpha).map(([name, w]) => `${quoteClass(name)} ${shortNumber(w)}`).join(', ')}.${autoText ? ` (auto would give${autoText.replace(/^ on [^:]*:/, '')}.)` : ''}`;
    else detail = ` A single value (${shortNumber(preview.alpha)}) weighs one positive class; this data set needs auto or one weight per class, or the run stops with a message.`;
    this.alphaSentence.textContent = main + detail;
    this.alphaWarning.hidden = true;
    this.alphaUnused.hidden = this.shownLosses.some((loss) => loss === 'weighted-bce' || loss === 'alpha-focal');
    this.host.preview(preview);
  }

  // ---------- losses ----------

  private lossesChanged(): void {
    const losses = [...this.lossBoxes].filter(([, box]) => box.checked).map(([kind]) => kind);
    this.shownLosses = losses;
    const problem = checkLosses(losses);
    this.showLossesError(problem);
    if (!problem) {
      this.change('losses', losses);
      this.lossesEcho.sent(losses, this.state.settings.losses);
    }
    this.refreshAlpha();
    this.refreshInvalid();
  }

  private showLossesError(message: string | null): void {
    this.lossesError.show(message);
    markInvalid([...this.lossBoxes.values()], this.lossesError, message !== null);
  }

  // ---------- split ----------

  /** The sum problem, if every fraction on screen is a valid number on its own. */
  private splitProblem(): string | null {
    const values = this.splitFields.map((field) => parseNumberField(field.key as NumberKey, field.input.value));
    if (values.some((v) => !v.ok)) return null;
    const [train, validation, test] = values.map((v) => (v.ok ? v.value : Number.NaN));
    return checkSplit({ train, validation, test });
  }

  /** One fraction became valid: the others' sum messages may clear (they are sent with it). */
  private splitRevalidate(changed: TextField<number>): void {
    for (const other of this.splitFields) {
      if (other === changed || (other.draft === null && !other.invalid)) continue;
      const result = other.current();
      other.showError(result.ok ? null : result.message);
    }
  }

  /** The fractions only make sense together: all three go in one message, or none. */
  private commitSplit(): boolean {
    const values = this.splitFields.map((field) => field.current());
    if (!values.every((v) => v.ok)) return false;
    const [train, validation, test] = values.map((v) => (v.ok ? v.value : Number.NaN));
    this.host.post({ type: 'changeSettings', values: { trainFraction: train, validationFraction: validation, testFraction: test } });
    this.splitFields.forEach((field, i) => field.markSent([train, validation, test][i]));
    return true;
  }

  // ---------- status ----------

  private refreshActions(): void {
    const { fileName, filePath, fileSource, canRerun, running } = this.state;
    const rerunLabel = canRerun ? this.state.rerunLabel : null;
    const invalid = this.invalidFields();
    this.runButton.disabled = fileName === null || running || invalid.length > 0;
    this.runButton.title = fileName === null ? 'Open a CSV file first' : invalid.length > 0 ? `Fix ${invalid.join(', ')} first` : `Compare the chosen losses on ${fileName} with the settings below`;
    this.rerunButton.disabled = rerunLabel === null || running;
    this.rerunButton.title = rerunLabel === null ? 'Nothing to repeat yet' : `Run ${rerunLabel} again, with the settings it used`;
    this.rerunLine.textContent = rerunLabel === null ? '' : `Re-run repeats ${rerunLabel}, with its own settings.`;
    this.rerunLine.hidden = rerunLabel === null;
    this.stopButton.hidden = !running;
    this.runningLine.hidden = !running;
    if (fileName === null) {
      this.fileLine.className = 'file-line hint';
      this.fileLine.textContent = 'Open a CSV file, or right-click one in the Explorer, to run a comparison.';
    } else {
      const from = fileSource === 'panel' ? 'the results panel in view' : fileSource === 'editor' ? 'the open editor' : fileSource === 'last run' ? 'the last run' : null;
      this.fileLine.className = 'file-line';
      const parts: Node[] = [el('span', { className: 'file-label', text: 'Run uses: ' }), el('span', { className: 'file-name', text: fileName, attrs: { title: filePath ?? fileName } })];
      if (from) parts.push(el('span', { className: 'file-source', text: ` (from ${from})` }));
      this.fileLine.replaceChildren(...parts);
    }
    this.invalidLine.hidden = invalid.length === 0;
    this.invalidLine.textContent = invalid.length === 0 ? '' : `Run is off until ${invalid.length === 1 ? 'this field is' : 'these fields are'} fixed: ${invalid.join(', ')} (the reason is under each).`;
  }

  /** The labels of the fields whose text on screen is not valid: Run waits for them. */
  private invalidFields(): string[] {
    const names: string[] = [];
    for (const [key, field] of this.textFields) {
      if (key === 'alpha' && this.alphaMode === 'auto') continue;
      if (field.invalid || !field.current().ok) names.push(settingSpec(key as SettingKey).label);
    }
    if (this.lossBoxes.get('bce')!.getAttribute('aria-invalid') === 'true') names.push('Losses');
    return names;
  }

  private refreshInvalid(): void {
    this.refreshActions();
  }

  /** Run with exactly what the form shows: pending edits are sent first, and nothing runs while a field is invalid. */
  private run(): void {
    for (const field of this.textFields.values()) field.flush();
    if (this.invalidFields().length > 0) {
      this.refreshActions();
      return;
    }
    this.host.post({ type: 'run', settings: this.shownSettings() });
  }

  /** The settings as the form shows them (every field valid: see invalidFields). */
  private shownSettings(): FocalLabSettings {
    const settings: FocalLabSettings = { ...this.state.settings };
    const values = settings as unknown as Record<string, unknown>;
    for (const [key, field] of this.textFields) {
      const result = field.current();
      if (result.ok && key !== 'alpha') values[key] = result.value;
    }
    const alpha = this.alphaField.current();
    settings.alpha = this.alphaMode === 'auto' ? 'auto' : alpha.ok ? alpha.value : settings.alpha;
    settings.losses = [...this.shownLosses];
    for (const [key, control] of this.immediate) values[key] = control.read();
    return settings;
  }

}

function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function setValueIfIdle(input: HTMLInputElement, value: string): void {
  if (document.activeElement !== input) input.value = value;
}
