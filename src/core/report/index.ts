// Everything that turns a ComparisonResults into words and pictures.

export { verdictOf, verdictNotes, protocolDescription } from './reportContent';
export { renderMarkdownReport } from './markdown';
export { renderHtmlReport, REPORT_CSP } from './html';
export { renderTerminalTable, type TerminalTableOptions } from './terminalTable';
export { escapeHtml, escapeMarkdownCell, escapeMarkdownText, stripControlCharacters } from './escape';
export {
  decisionRegionChart,
  differenceChart,
  foldStripChart,
  intervalBandChart,
  lineChart,
  prChart,
  reliabilityChart,
  rocChart,
  type ChartSize,
  type CurveSeries,
  type DecisionRegionOptions,
  type DifferenceSeries,
  type FoldStripRow,
  type IntervalBandPoint,
  type LineChartOptions,
  type LineSeries,
  type ReliabilitySeries,
} from './svgCharts';
export { confusionMatrixHtml } from './confusionMatrix';
export { reportCharts, type LabelledChart, type ReportCharts } from './reportCharts';
export { LOSS_COLORS, REFERENCE_COLORS, lossColor, probabilityColor, referenceColor } from './palette';
export { formatSummary, halfWidth, modelColumns, type ModelColumn } from './metricRows';
export { formatMetric, NOT_AVAILABLE } from './format';
