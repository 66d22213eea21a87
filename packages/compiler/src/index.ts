export * from './types.js';
export { planBuild, PERMUTATION_LIMIT, type PlanOptions } from './plan/plan-build.js';
export { loadFakerLocale } from './generators/faker-source.js';
export { executePlan, planAndProbe, probePlan, tableInfo, tableRows, BATCH_ROWS, type TableStream, type ExecuteOptions } from './execute/execute-plan.js';
export { parseShard, shardRange, shardPath, MAX_SHARDS, type Shard } from './execute/shard.js';
export { expressionCompileCount } from './execute/expression.js';
export { GenerationError, MAX_CHECK_ATTEMPTS, MAX_UNIQUE_REDRAWS } from './execute/table-runtime.js';
export { buildOutputs, type BuildOptions, type BuildResult, type BuiltFile } from './build/build-outputs.js';
export { checkBeforeBuild, type CheckBeforeBuildOptions } from './build/check-before-build.js';
export { resolveOutputs, DEFAULT_OUT_DIR, type OutputTarget, type OutputLocation } from './build/resolve-outputs.js';
export { writers } from './writers/registry.js';
export { textFormatter, jsonFormatter } from './writers/format-value.js';
export { MemorySink, HashSink } from './writers/hash-sink.js';
export { AtomicFile, openTemporaryFiles, removeOpenTemporaries } from './writers/atomic-file.js';
export { findLeftovers, removeLeftovers, processAlive, settleDatabase, type Leftover } from './writers/leftovers.js';
export { formatPlan } from './plan/format-plan.js';
export { parseObjectUrl, s3Config, gcsConfig, objectUrl, ObjectStoreError, type ObjectTarget, type S3Config } from './destinations/object-store.js';
export { pathKind, parseRemoteUrl, remoteStore, OBJECT_SCHEMES, OBJECT_SCHEMES_TEXT, type PathKind, type RemoteStore, type RemoteUrl } from './destinations/remote-store.js';
export { loadDestination, type LoadOptions, type LoadResult } from './build/load-destination.js';
export { parseDestination, maskUrl, DestinationError, type Destination, type DestinationTarget } from './destinations/types.js';
export { profileSamples, type ProfileOptions } from './infer/profile-samples.js';
export { inferSpec, type InferSpecOptions } from './infer/emit-spec.js';
export { DEFAULT_MAX_BYTES, SAMPLE_EXTENSIONS, sampleFormatOf, firstSampleRows } from './infer/read-samples.js';
export type * from './infer/profile-types.js';
export { compareSamples, type CompareOptions, type CompareReport, type ColumnScore, type PairScore, type KeyScore } from './compare/compare-datasets.js';
export { writerFor, type WriterEntry } from './writers/registry.js';
export {
  definePlugin,
  PLUGIN_API_VERSION,
  type GeneratedValue,
  type GeneratorCell,
  type GeneratorDefinition,
  type PluginRandom,
  type ProviderDefinition,
  type SynthPlugin,
  type WriterDefinition,
} from './plugins/plugin-api.js';
export { PluginSet, type LoadedPlugin } from './plugins/plugin-set.js';
export { loadPlugins, type LoadPluginsOptions } from './plugins/load-plugins.js';
export * from './api/index.js';
export { ConformanceChecker, DEFAULT_ALPHA, type ConformanceOptions } from './conformance/conformance-checker.js';
export { conformanceDiagnostics } from './conformance/conformance-diagnostics.js';
export type { ColumnProfile as ConformanceColumnProfile, ConformanceFinding, ConformanceReport, Outcome, TableConformance } from './conformance/conformance-types.js';
export { renderHtmlReport, type HtmlReportInput } from './report/html-report.js';
export { checkPlan } from './conformance/check-plan.js';
export { estimateOutputBytes, estimateRowBytes, formatSize, VALUE_BYTES } from './plan/size-estimate.js';
