// Everything that turns a ComparisonResults into words and pictures.

export { minorityVerdict } from './verdict';
export { renderMarkdownReport } from './markdown';
export { renderHtmlReport, REPORT_CSP } from './html';
export { renderTerminalTable, type TerminalTableOptions } from './terminalTable';
export { escapeHtml, escapeMarkdownCell, escapeMarkdownText, stripControlCharacters } from './escape';
export {
  decisionRegionChart,
  lineChart,
  prChart,
  reliabilityChart,
  rocChart,
  type ChartSize,
  type CurveSeries,
  type DecisionRegionOptions,
  type LineChartOptions,
  type LineSeries,
  type ReliabilitySeries,
} from './svgCharts';
export { confusionMatrixHtml } from './confusionMatrix';
export { reportCharts, type LabelledChart, type ReportCharts } from './reportCharts';
export { LOSS_COLORS, lossColor, probabilityColor } from './palette';
export { formatMetric, NOT_AVAILABLE } from './format';
