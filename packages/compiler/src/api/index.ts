/** The Node API (docs/api.md): the CLI's stages as functions that throw a SynthError instead of printing. */
export { loadSpec, validate, type LoadedSpec, type LoadOptions, type SpecInput } from './load.js';
export { build, plan, type BuildSettings, type BuildSummary, type PlanSettings } from './build.js';
export { FIXTURE_ROW_LIMIT, rows, synthFixtures, type FixtureSettings, type Row, type RowValue, type TableRows } from './rows.js';
export { SynthError } from './synth-error.js';
