export * from './types.js';
export { catalogue, type DiagnosticId } from './diagnostics/catalogue.js';
export { diag, quote, hasErrors, lineColumn, pointerOf, sortDiagnostics, spanOf } from './diagnostics/diagnostic.js';
export { diagnosticsToJson, formatDiagnostic, type FormatOptions } from './diagnostics/format-diagnostic.js';
export { parseSpec, PARSE_LIMITS } from './parse/parse-spec.js';
export { loadSpecFile, type LoadedSpecFile } from './parse/load-spec-file.js';
export { synthJsonSchema, validateAgainstSchema } from './validate/schema-validate.js';
export { checkSemantics, columnDependencies, crossRowReads } from './validate/semantic-check.js';
export { applyDefaults, loadSpec, validateSpec, type ValidateOptions } from './validate/validate-spec.js';
export { fakerLocales, fakerMethods, isFakerMethod } from './validate/faker-catalogue.js';
export { parseTemporal, type TemporalKind } from './validate/temporal.js';
export { didYouMean } from './validate/did-you-mean.js';
export {
  buildTableEnvironment,
  celTypeOf,
  columnCanBeNull,
  nullableColumns,
  expressionReads,
  referenceAliases,
  TIMESTAMP,
  type ExpressionRandom,
} from './expr/expression-scope.js';
export { expressionParseCount, expressionRandom, parseExpression, typeCheckExpression, type ParsedExpression, type RandomSlot } from './expr/expression-cache.js';
export { diagnosticsMarkdown } from './diagnostics/diagnostics-doc.js';
export { keyColumns } from './validate/quality-check.js';
export { parseDuration } from './validate/duration.js';
export { seriesWindow, seriesCount, gridTime, type SeriesWindow } from './validate/series-window.js';
export { jsonSchemaValidator } from './validate/nested-check.js';
export * from './limits.js';
export { checkSpecNumbers, checkSpecLimits } from './validate/limits-check.js';
export * from './generation-limits.js';
export { checkPattern, REGEX_TOKEN, type PatternProblem, type RegexToken } from './validate/pattern-check.js';
export { outputPathProblem } from './validate/output-path.js';
export { expressionTextProblem, expressionTreeProblem } from './expr/expression-limits.js';
