// Statistics for comparing losses: Student's t, intervals of means and paired differences,
// percentiles. Pure TypeScript; checked against scipy/numpy in test/fixtures/reference/stats.json.

export * from './incompleteBeta';
export * from './intervals';
export * from './percentile';
export * from './studentT';
