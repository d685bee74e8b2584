// The whole panel: header, verdict or error, results (table, curves, confusion matrices, decision
// regions), training charts and the data/config facts. `update` is called on every state change and
// touches only what changed: live charts in place, results rebuilt only when new results arrive.

import type { FromPanel, PanelState } from '../../src/shared/webviewProtocol';
import type { ChartPart } from './charts/curves';
import { prChart, rocChart } from './charts/curves';
import { TrainingCharts } from './charts/lossCharts';
import { reliabilityChart } from './charts/reliability';
import { applyChartDefaults } from './charts/setup';
import { differenceChart, differenceRows, foldStripChart } from './charts/intervals';
import { renderConfusion } from './confusion';
import { renderDatasetInfo } from './datasetInfo';
import { renderExportSection } from './exportCode';
import { planeControl, RegionPlot, regionLegend } from './decisionRegions';
import { planeNote } from '../../src/core/report/planeText';
import { clear, h } from './dom';
import { Header } from './header';
import { classWord, renderMetricsTable } from './metricsTable';
import { evaluationOf, testFolds } from './protocolText';
import { referenceSeries, seriesFor, type Series } from './series';
import { sweepChart } from './sweep';
import { renderHowToRead } from './howToRead';
import { renderGradientShares } from './gradientShares';
import { addChartTools, tableTools } from './exports';
import { ThresholdExplorer } from './thresholdExplorer';
import { multiclassModels, multiclassRegionLegend, MulticlassRegionPlot, PerClassPrCurves, renderMulticlassConfusion, renderMulticlassMetrics, renderPerClassTable } from './multiclass';
import { readTheme, type Theme } from './theme';
import { StagedDrawing } from './staged';

function sectionEl(title: string, id: string, ...children: (Node | null)[]): HTMLElement {
  const s = h('section', { class: 'fl-section', 'aria-labelledby': id }, h('h2', { class: 'fl-section-title', id }, title));
  for (const child of children) if (child) s.appendChild(child);
  return s;
}

export class PanelView {
  private theme: Theme;
  private readonly header: Header;
  private readonly post: (message: FromPanel) => void;
  private readonly banner = h('div', { class: 'fl-banner-slot' });
  private readonly resultsSlot = h('div', { class: 'fl-results-slot' });
  private readonly trainingSlot = h('div', { class: 'fl-training-slot' });
  private readonly infoSlot = h('div', { class: 'fl-info-slot' });
  private readonly staged = new StagedDrawing(this.resultsSlot);
  private training: TrainingCharts | null = null;
  private charts: ChartPart[] = [];
  private regions: (RegionPlot | MulticlassRegionPlot)[] = [];
  private perClassPr: PerClassPrCurves | null = null;
  private state: PanelState | null = null;
  private drawn: { runId?: string; kind?: string; results?: unknown; banner?: string; info?: string; trainingFor?: string } = {};

  private readonly root: HTMLElement;
  /** "How to read this" stays open across redraws once opened. */
  private howOpen = false;
  /** A sweep's region maps were asked for (kept across redraws of the same run). */
  private regionsShown = false;

  constructor(
    root: HTMLElement,
    post: (message: FromPanel) => void,
  ) {
    this.root = root;
    this.theme = readTheme();
    applyChartDefaults(this.theme);
    this.post = post;
    this.header = new Header(post);
    clear(root);
    root.classList.add('fl-panel');
    root.append(this.header.root, h('main', { class: 'fl-main' }, this.banner, this.resultsSlot, this.trainingSlot, this.infoSlot));
  }

  update(state: PanelState): void {
    this.state = state;
    const series = seriesFor(state, this.theme);
    this.header.update(state, series);

    // A new run (or a switch between comparison and sweep) starts from a clean slate.
    if (this.drawn.runId !== state.runId || this.drawn.kind !== state.kind) {
      this.resetCharts();
      if (this.drawn.runId !== state.runId) this.regionsShown = false;
      this.drawn = { runId: state.runId, kind: state.kind };
    }

    this.updateBanner(state);

    if (!this.training) {
      this.training = new TrainingCharts(this.theme, state.kind === 'sweep');
      this.trainingSlot.appendChild(this.training.root);
    }
    this.training.update(state, series);

    const results = state.results ?? state.multiclass ?? null;
    if (this.drawn.results !== results) {
      this.drawn.results = results;
      if (state.multiclass) this.renderMulticlassResults(state);
      else this.renderResults(state, series);
    }
    addChartTools(this.root, this.post, () => state.dataset?.file ?? state.fileName, () => this.theme.background);

    const info = JSON.stringify([state.dataset?.file, state.dataset?.rows, state.config, state.decisionPlane?.kind, state.kind, Object.values(state.live).map((l) => [l.gamma, l.alphaForPositiveClass]), state.results?.createdAt ?? state.multiclass?.createdAt, state.dataset?.positiveClass, state.dataset?.notices]);
    if (this.drawn.info !== info) {
      this.drawn.info = info;
      clear(this.infoSlot);
      const content = renderDatasetInfo(state);
      if (content) this.infoSlot.appendChild(sectionEl('Data and configuration', 'fl-info-title', content));
    }
  }

  /** The theme changed: read the colours again and draw every chart anew. */
  redraw(): void {
    this.theme = readTheme();
    applyChartDefaults(this.theme);
    this.header.invalidate();
    this.resetCharts();
    const state = this.state;
    this.drawn = { runId: state?.runId, kind: state?.kind };
    if (state) this.update(state);
  }

  private resetCharts(): void {
    this.training?.destroy();
    this.training = null;
    clear(this.trainingSlot);
    this.destroyResults();
  }

  private destroyResults(): void {
    this.staged.cancel();
    for (const part of this.charts) part.chart.destroy();
    for (const region of this.regions) region.destroy();
    this.perClassPr?.destroy();
    this.perClassPr = null;
    this.charts = [];
    this.regions = [];
    clear(this.resultsSlot);
  }

  private updateBanner(state: PanelState): void {
    const finished = state.results ?? state.multiclass ?? null;
    const key = JSON.stringify([state.phase, state.message, finished?.verdict, state.kind]);
    if (this.drawn.banner === key) return;
    this.drawn.banner = key;
    clear(this.banner);
    if (finished && state.phase === 'finished') {
      const verdict = finished.verdict;
      const box = h('div', { class: 'fl-verdict-box' }, h('p', { class: 'fl-verdict-label' }, state.kind === 'sweep' ? 'Verdict for the sweep' : 'Verdict'), h('p', { class: 'fl-verdict', testid: 'verdict' }, verdict.text));
      if (verdict.notes.length) {
        const notes = h('ul', { class: 'fl-verdict-notes', testid: 'verdict-notes' });
        for (const note of verdict.notes) notes.appendChild(h('li', {}, note));
        box.appendChild(notes);
      }
      this.banner.appendChild(box);
    } else if (state.phase === 'failed') {
      this.banner.appendChild(h('div', { class: 'fl-callout fl-callout-error', role: 'alert', testid: 'error' }, h('strong', {}, 'The run failed. '), state.message ?? 'No reason was given.'));
    } else if (state.phase === 'cancelled') {
      this.banner.appendChild(h('div', { class: 'fl-callout', role: 'status' }, h('strong', {}, 'Stopped. '), state.message ?? 'The run was cancelled before it finished; Re-run starts it again.'));
    }
  }

  /** One multi-class model per loss: headline metrics, per-class table, K × K confusion, per-class PR curves, class regions. */
  private renderMulticlassResults(state: PanelState): void {
    this.destroyResults();
    const results = state.multiclass;
    if (!results) return;
    const models = multiclassModels(results, this.theme);
    const classes = results.dataset.classes;
    const asSeries = models.map((m) => ({ key: m.run.id, label: m.label, gamma: m.run.gamma, run: m.run }));
    const steps: (() => void)[] = [];
    steps.push(() => {
      const metrics = sectionEl(`Results: ${classes.length} classes, one multi-class model per loss`, 'fl-results-title');
      metrics.appendChild(tableTools('the metrics tables', () => [...metrics.querySelectorAll<HTMLTableElement>('table.fl-metrics')], this.post, 'metrics'));
      metrics.appendChild(renderMulticlassMetrics(results, models, this.theme));
      metrics.appendChild(h('h3', { class: 'fl-column-title' }, 'Per class'));
      metrics.appendChild(renderPerClassTable(results, models, this.theme));
      this.resultsSlot.appendChild(metrics);
    });

    if (models.some((m) => m.run.pooled)) {
      steps.push(() => {
        const confusion = h('div', { class: 'fl-confusion-column' });
        confusion.appendChild(tableTools('the confusion matrices', () => [...confusion.querySelectorAll<HTMLTableElement>('table.fl-confusion')], this.post, 'confusion'));
        confusion.appendChild(renderMulticlassConfusion(results, models));
        this.resultsSlot.appendChild(sectionEl(`Confusion (${classes.length} × ${classes.length})`, 'fl-confusion-title', confusion));
      });
      steps.push(() => {
        const curves = new PerClassPrCurves(results, models, this.theme);
        this.resultsSlot.appendChild(
          sectionEl(
            'Curves per class',
            'fl-curves-title',
            curves.root,
            h('p', { class: 'fl-legend', testid: 'mc-binary-only-note' }, 'The threshold explorer and the reliability diagram of one positive class belong to two-class comparisons; with several classes the decision is the most probable class, and calibration is summarised by the top-label ECE in the table above.'),
          ),
        );
        this.perClassPr = curves;
        curves.start();
      });
    }

    steps.push(() => {
      const gradient = renderGradientShares(asSeries, this.theme);
      if (gradient) this.resultsSlot.appendChild(sectionEl('Where the gradient goes', 'fl-gradient-title', gradient));
    });

    const plane = state.decisionPlane ?? results.decisionPlane;
    const withRegion = models.filter((m) => m.run.decisionRegion);
    const grid = h('div', { class: 'fl-grid fl-region-grid' });
    if (plane && withRegion.length) {
      steps.push(() => {
        const note = h('p', { class: 'fl-legend fl-plane-note', testid: 'plane-note' }, planeNote(plane, results.dataset.inputWidth ?? null));
        this.resultsSlot.appendChild(sectionEl('Decision regions', 'fl-regions-title', note, multiclassRegionLegend(this.theme, classes), grid));
      });
    }
    steps.push(() => {
      const exportSection = renderExportSection(asSeries, this.post);
      if (exportSection) this.resultsSlot.appendChild(exportSection);
    });
    if (plane) {
      for (const model of withRegion) {
        steps.push(() => {
          const plot = new MulticlassRegionPlot(model, plane, classes, this.theme);
          grid.appendChild(plot.card);
          this.regions.push(plot);
          plot.draw();
        });
      }
    }
    steps.push(() => addChartTools(this.root, this.post, () => results.dataset.file ?? state.fileName, () => this.theme.background));
    this.staged.run(steps);
  }

  private renderResults(state: PanelState, series: Series[]): void {
    this.destroyResults();
    const results = state.results;
    if (!results) return;
    const dataset = state.dataset ?? results.dataset;
    const positive = dataset.positiveClass;
    const word = classWord(dataset);
    const evaluation = evaluationOf(results.evaluation, results.config);
    const folds = evaluation ? testFolds(evaluation) : 1;
    const references = referenceSeries(state, this.theme);
    const withSummary = series.filter((s) => s.summary);
    const baselineId = results.comparisons[0]?.baseline;
    const baseline = series.find((s) => s.run?.id === baselineId);
    const baselineLabel = baseline?.label ?? 'the baseline';
    const all = [...series, ...references];
    const steps: (() => void)[] = [];

    // First, at once: the table the verdict rests on.
    steps.push(() => {
      const metricsSection = sectionEl(state.kind === 'sweep' ? 'Results per gamma' : 'Results', 'fl-results-title');
      this.resultsSlot.appendChild(renderHowToRead(results, word, this.howOpen, (open) => (this.howOpen = open)));
      this.resultsSlot.appendChild(metricsSection);
      if (state.kind === 'sweep' && withSummary.length) {
        const grid = h('div', { class: 'fl-grid' });
        metricsSection.appendChild(grid);
        this.charts.push(sweepChart(grid, series, this.theme, positive, word, folds));
      }
      metricsSection.appendChild(tableTools('the metrics table', () => [...metricsSection.querySelectorAll<HTMLTableElement>('table.fl-metrics')], this.post, 'metrics'));
      metricsSection.appendChild(renderMetricsTable(series, references, dataset, results, evaluation, baselineLabel));
    });

    // Then one chart per task, in the order they appear.
    const rows = differenceRows(series, results, word);
    if (rows.length || withSummary.length) {
      const grid = h('div', { class: 'fl-grid fl-interval-grid' });
      steps.push(() => {
        this.resultsSlot.appendChild(sectionEl('Differences and spread', 'fl-differences-title', grid));
        if (rows.length) this.charts.push(differenceChart(grid, rows, this.theme, baselineLabel));
      });
      if (withSummary.length) steps.push(() => this.charts.push(foldStripChart(grid, all, this.theme, folds)));
    }

    if (all.some((s) => s.pooled)) {
      const curves = h('div', { class: 'fl-grid' });
      let pr: ChartPart | undefined;
      let roc: ChartPart | undefined;
      steps.push(() => {
        const confusion = h('div', { class: 'fl-confusion-column', 'aria-labelledby': 'fl-confusion-title' }, h('h3', { class: 'fl-column-title', id: 'fl-confusion-title' }, folds > 1 ? `Confusion matrices, summed over ${folds} test folds` : 'Confusion matrices'));
        confusion.appendChild(tableTools('the confusion matrices', () => [...confusion.querySelectorAll<HTMLTableElement>('table.fl-confusion')], this.post, 'confusion'));
        confusion.appendChild(renderConfusion(all, dataset, folds));
        this.resultsSlot.appendChild(sectionEl('Curves, calibration and confusion', 'fl-curves-title', curves, confusion));
        // Each card is in the document before its chart is created: chart.js measures its container.
        pr = prChart(curves, all, this.theme, positive);
        this.charts.push(pr);
      });
      steps.push(() => {
        roc = rocChart(curves, all, this.theme);
        this.charts.push(roc);
      });
      steps.push(() => this.charts.push(reliabilityChart(curves, all, this.theme)));
      if (series.some((s) => s.points)) {
        steps.push(() => {
          const explorer = new ThresholdExplorer(series, dataset, folds, [pr, roc].filter((part): part is ChartPart => !!part));
          this.resultsSlot.appendChild(sectionEl('Threshold explorer', 'fl-explorer-title', explorer.root));
          explorer.start();
        });
      }
    }

    steps.push(() => {
      const gradient = renderGradientShares(series, this.theme);
      if (gradient) this.resultsSlot.appendChild(sectionEl('Where the gradient goes', 'fl-gradient-title', gradient));
    });

    const plane = state.decisionPlane ?? results.decisionPlane;
    const withRegion = series.filter((s) => s.run?.decisionRegion);
    const exportSection = (): void => {
      const section = renderExportSection(series, this.post);
      if (section) this.resultsSlot.appendChild(section);
    };
    if (plane && withRegion.length) {
      const grid = h('div', { class: 'fl-grid fl-region-grid' });
      const note = h('p', { class: 'fl-legend fl-plane-note', testid: 'plane-note' }, planeNote(plane, dataset.inputWidth ?? null));
      const control = planeControl(plane, dataset, this.post);
      const section = sectionEl('Decision regions', 'fl-regions-title', ...(control ? [control] : []), note, regionLegend(this.theme, dataset.negativeClass, positive), grid);
      const mapSteps = withRegion.map((s) => () => {
        const region = s.run?.decisionRegion;
        if (!region) return;
        const plot = new RegionPlot(s, region, plane, this.theme, positive);
        grid.appendChild(plot.card);
        this.regions.push(plot);
        plot.draw();
      });
      // A sweep has one map per gamma: many near-identical pictures, drawn only when asked for.
      if (state.kind === 'sweep' && !this.regionsShown) {
        steps.push(() => {
          this.resultsSlot.appendChild(section);
          const show = h('button', { type: 'button', class: 'fl-button fl-button-secondary', testid: 'show-regions' }, `Show the decision regions of each gamma (${withRegion.length} maps)`);
          show.addEventListener('click', () => {
            this.regionsShown = true;
            show.remove();
            this.staged.run([...mapSteps, this.chartToolsStep(state)]);
          });
          grid.before(show);
        });
        steps.push(exportSection);
      } else {
        steps.push(() => this.resultsSlot.appendChild(section));
        // The export section goes below the maps, which are drawn into the grid already placed.
        steps.push(exportSection, ...mapSteps);
      }
    } else steps.push(exportSection);
    steps.push(this.chartToolsStep(state));
    this.staged.run(steps);
  }

  /** Save-as-PNG buttons on the cards drawn so far (the cards of later steps do not exist before). */
  private chartToolsStep(state: PanelState): () => void {
    return () => addChartTools(this.root, this.post, () => state.dataset?.file ?? state.fileName, () => this.theme.background);
  }
}
