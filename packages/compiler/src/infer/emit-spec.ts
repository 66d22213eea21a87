import { Document, Pair, Scalar, YAMLMap, type Node as YamlNode } from 'yaml';
import type { ColumnProfile, CountFit, DatasetProfile, DistributionFit, ForeignKeyProfile, TableProfile } from './profile-types.js';
import { fallbackPattern, PATTERN_MATCH } from './induce-pattern.js';
import { PATTERN_MAX_LENGTH } from '@synth/spec';
import { durationLiteral } from './derive-columns.js';
import type { profileSamples } from './profile-samples.js';

/**
 * Profile → spec text (docs/infer.md, "From profile to spec"), a pure function: the same profile gives the same text.
 * Every column gets the closest construct of docs/spec.md and a comment with the evidence for it. Only what the
 * profile holds can reach the spec, so the spec holds no sample value except category labels.
 */

export interface InferSpecOptions {
  /** The spec's seed (default 1). */
  seed?: number | string;
  /** Output format of the spec's `outputs` (default: the first table's sample format). */
  format?: 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx' | 'parquet';
  /** Output directory in the spec (default `out`). */
  outDir?: string;
}

/** Semantic kinds whose values are unique by nature, so a unique sample column stays unique. */
const UNIQUE_KINDS = new Set(['email', 'url', 'user name', 'ipv4', 'ipv6', 'mac address', 'iban']);
/** Largest repetition count a list-form enum (numbers) may use to spell its weights. */
const MAX_REPETITIONS = 50;
/** How far the shares spelled by repetitions may be from the sample's. */
const REPETITION_TOLERANCE = 0.01;

type Spec = Record<string, unknown>;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => Number(x.toPrecision(6));

/**
 * The spec text for a profile (from {@link profileSamples}): tables in the profile's order, each column with its
 * generator and evidence comment, rows per parent where a foreign key allows, and one output per table.
 */
export function inferSpec(profile: DatasetProfile, options: InferSpecOptions = {}): string {
  const doc = new Document({ synth: 1, seed: options.seed ?? 1 });
  const sources = profile.tables.map((t) => t.source);
  doc.commentBefore = [
    ` Inferred by \`synth infer\` from ${sources.join(', ')}.`,
    ' Every generator below was chosen from statistics of the samples; the comments give the evidence.',
    ` No sample value is copied here${profile.categories ? ' except the labels of low-cardinality columns' : ''}. Review before use (docs/infer.md).`,
  ].join('\n');
  const fkOf = new Map(profile.foreignKeys.map((fk) => [`${fk.table}.${fk.column}`, fk]));
  const referenced = new Set(profile.foreignKeys.map((fk) => `${fk.parentTable}.${fk.parentColumn}`));
  const perParent = choosePerParent(profile);
  const nullableEdges = cycleBreakers(profile.foreignKeys);

  const tables = new YAMLMap();
  for (const t of profile.tables) {
    const table = new YAMLMap();
    const per = perParent.get(t.name);
    const rows = doc.createNode(per ? { per: per.parentTable, count: countSpec(per.perParent.fits[0]!) } : t.rows, { flow: true }) as YamlNode;
    rows.comment = per
      ? ` ${per.perParent.min}–${per.perParent.max} per ${per.parentTable} row, mean ${num(per.perParent.mean)}; ${fitList(per.perParent.fits)}`
      : ` ${t.rows.toLocaleString('en-US')} rows in the sample${t.truncated ? ' (stopped at --max-rows)' : ''}`;
    table.add(new Pair(doc.createNode('rows'), rows));
    const composite = declarableCompositeKey(t, per, profile);
    if (composite) {
      const key = doc.createNode(composite, { flow: true }) as YamlNode;
      key.comment = ` no column is unique alone; these pairs never repeat in the sample`;
      table.add(new Pair(doc.createNode('primary_key'), key));
    }
    const columns = new YAMLMap();
    for (const c of t.columns) {
      const fk = fkOf.get(`${t.name}.${c.name}`);
      const { spec, evidence } = fk
        ? referenceColumn(c, fk, per?.column === c.name, nullableEdges.has(fk))
        : valueColumn(c, t, referenced.has(`${t.name}.${c.name}`), composite?.includes(c.name) === true);
      const node = doc.createNode(spec, { flow: true }) as YamlNode;
      // Expressions in double quotes, as docs/spec.md writes them.
      for (const key of ['expr', 'when']) {
        const e = (node as YAMLMap).get(key, true);
        if (e instanceof Scalar) e.type = Scalar.QUOTE_DOUBLE;
      }
      node.comment = ` ${[...evidence, ...(c.nullRate > 0 ? [`${pct(c.nullRate)} null`] : [])].join('; ')}`;
      const key = doc.createNode(c.name) as YamlNode;
      if (c.header !== undefined) key.commentBefore = ` header in the sample: ${JSON.stringify(c.header)}`;
      columns.add(new Pair(key, node));
    }
    table.add(new Pair(doc.createNode('columns'), columns));
    const key = doc.createNode(t.name) as YamlNode;
    const pk = t.primaryKey ?? (composite ? `(${composite.join(', ')})` : undefined);
    key.commentBefore = ` ${t.source}: ${t.rows.toLocaleString('en-US')} rows, ${t.columns.length} columns${pk ? `; primary key ${pk}` : '; no primary key found'}`;
    tables.add(new Pair(key, table));
  }
  doc.add(new Pair(doc.createNode('tables'), tables));
  const format = options.format ?? outputFormatOf(profile.tables[0]?.format);
  doc.add(new Pair(doc.createNode('outputs'), doc.createNode([{ format, path: `${options.outDir ?? 'out'}/{table}.${format}` }], { flow: false })));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true, singleQuote: true });
}

function outputFormatOf(format: TableProfile['format'] | undefined): NonNullable<InferSpecOptions['format']> {
  return format ?? 'csv';
}

/**
 * Which foreign key makes each table's rows per parent: the table's first reference column (the spec takes the first
 * reference to the `per` table as the per-parent one) when it is never null, points at another table, and adds no
 * cycle of `per` relations.
 */
function choosePerParent(profile: DatasetProfile): Map<string, ForeignKeyProfile> {
  const chosen = new Map<string, ForeignKeyProfile>();
  const order = new Map(profile.tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
  for (const t of profile.tables) {
    const fks = profile.foreignKeys.filter((f) => f.table === t.name).sort((a, b) => order.get(t.name)!.indexOf(a.column) - order.get(t.name)!.indexOf(b.column));
    const first = fks[0];
    const column = first && t.columns.find((c) => c.name === first.column);
    if (!first || !column || column.nullRate > 0 || first.parentTable === t.name || column.unique || first.perParent.fits.length === 0) continue;
    let p: string | undefined = first.parentTable;
    let cycle = false;
    while (p !== undefined) {
      if (p === t.name) cycle = true;
      p = cycle ? undefined : chosen.get(p)?.parentTable;
    }
    if (!cycle) chosen.set(t.name, first);
  }
  return chosen;
}

/**
 * The table's two-column key, when the spec can keep it: rows per parent must not outnumber the second member's
 * values (docs/spec.md, "Uniqueness"), so a per-parent key needs a bounded count.
 */
function declarableCompositeKey(t: TableProfile, per: ForeignKeyProfile | undefined, profile: DatasetProfile): [string, string] | undefined {
  if (!t.compositeKey) return undefined;
  const [a, b] = t.compositeKey;
  const member = t.columns.find((c) => c.name === b)!;
  const domain = member.type === 'int' ? member.numeric!.max - member.numeric!.min + 1 : member.categories ? member.categories.counts.length : Infinity;
  if (per?.column === a) {
    const fit = per.perParent.fits[0];
    const largest = fit?.name === 'constant' ? fit.params.value : fit?.name === 'range' ? fit.params.max : Infinity;
    return largest <= domain ? t.compositeKey : undefined;
  }
  const fk = profile.foreignKeys.find((f) => f.table === t.name && f.column === a);
  const parentRows = profile.tables.find((x) => x.name === fk?.parentTable)?.rows ?? 0;
  return t.rows <= parentRows * domain ? t.compositeKey : undefined;
}

/** References that must be nullable so tables that point at each other can be generated (SYN304). */
function cycleBreakers(fks: ForeignKeyProfile[]): Set<ForeignKeyProfile> {
  const edges = new Map<string, string[]>();
  const out = new Set<ForeignKeyProfile>();
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return (edges.get(from) ?? []).some((n) => reaches(n, to, seen));
  };
  for (const fk of fks) {
    if (fk.table === fk.parentTable) {
      out.add(fk);
      continue;
    }
    if (reaches(fk.parentTable, fk.table)) out.add(fk);
    else edges.set(fk.table, [...(edges.get(fk.table) ?? []), fk.parentTable]);
  }
  return out;
}

function countSpec(fit: CountFit): unknown {
  switch (fit.name) {
    case 'constant':
      return fit.params.value;
    case 'range':
      return { min: fit.params.min, max: fit.params.max };
    case 'poisson':
      return { poisson: { mean: fit.params.mean } };
    case 'normal':
      return { normal: { mean: fit.params.mean, stddev: fit.params.stddev } };
  }
}

function fitList(fits: Array<CountFit | DistributionFit>): string {
  if (fits.length === 0) return 'no fit';
  const [best, ...rest] = fits;
  const name = (f: CountFit | DistributionFit) => (f.name === 'range' ? 'uniform' : f.name);
  return `${name(best!)} fits best (KS ${best!.ks.toFixed(3)}${rest.length ? `; ${rest.map((f) => `${name(f)} ${f.ks.toFixed(3)}`).join(', ')}` : ''})`;
}

function referenceColumn(c: ColumnProfile, fk: ForeignKeyProfile, isPer: boolean, nullable: boolean): { spec: Spec; evidence: string[] } {
  const spec: Spec = { ref: `${fk.parentTable}.${fk.parentColumn}` };
  if (c.nullRate > 0 && !isPer) spec.nulls = c.nullRate;
  if (nullable) spec.nullable = true;
  if (c.unique && !isPer && fk.table !== fk.parentTable) spec.unique = true;
  const evidence = [`${pct(fk.inclusion)} of its ${c.distinct.toLocaleString('en-US')} distinct values are ${fk.parentTable}.${fk.parentColumn} keys`];
  if (isPer) evidence.push('rows per parent');
  if (nullable) evidence.push(fk.table === fk.parentTable ? 'self-reference' : 'nullable to break a cycle of references');
  return { spec, evidence };
}

function valueColumn(c: ColumnProfile, t: TableProfile, referenced: boolean, keyMember: boolean): { spec: Spec; evidence: string[] } {
  const isPk = t.primaryKey === c.name;
  // A whole-number member of a composite key is drawn uniformly, so the key can be met by permutation.
  const { spec, evidence } = keyMember && c.type === 'int'
    ? { spec: { type: 'int', min: c.numeric!.min, max: c.numeric!.max } as Spec, evidence: ['composite key member: uniform over the sample\'s range'] }
    : generatorOf(c, isPk);
  const when = !isPk && c.setWhen ? whenOf(c.setWhen, t) : undefined;
  if (isPk) spec.primary_key = true;
  else {
    if (when) {
      spec.when = when;
      evidence.push(`null exactly when ${c.setWhen!.column} has another value`);
    } else if (c.nullRate > 0 && c.type !== 'empty') spec.nulls = c.nullRate;
    if (referenced || (c.unique && uniqueSafe(c, spec))) spec.unique = true;
  }
  if (isPk || c.unique) evidence.unshift(isPk ? 'unique, never null: primary key' : 'unique');
  return { spec, evidence };
}

/** `status == 'shipped' || status == 'delivered'`: the labels as the spec spells them (made up without categories). */
function whenOf(cond: NonNullable<ColumnProfile['setWhen']>, t: TableProfile): string | undefined {
  const c = t.columns.find((x) => x.name === cond.column)?.categories;
  if (!c || (!c.labels && t.columns.find((x) => x.name === cond.column)!.type !== 'string')) return undefined;
  const literal = (i: number) => {
    const l = c.labels ? c.labels[i]! : `${cond.column}_${i + 1}`;
    return typeof l === 'string' ? `'${l.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(l);
  };
  return cond.values.map((i) => `${cond.column} == ${literal(i)}`).join(' || ');
}

/** Uniqueness kept only where the generator has room for it (a unique name column would run out of names). */
function uniqueSafe(c: ColumnProfile, spec: Spec): boolean {
  if (spec.type === 'uuid' || spec.type === 'sequence' || spec.type === 'int') return true;
  if (spec.type === 'string') return typeof spec.pattern === 'string';
  return c.text?.semantic !== undefined && UNIQUE_KINDS.has(c.text.semantic.kind) && spec.type === c.text.semantic.faker;
}

function generatorOf(c: ColumnProfile, isPk: boolean): { spec: Spec; evidence: string[] } {
  const typeNote = c.typeMatchRate < 1 ? [`${pct(c.typeMatchRate)} ${c.type}`] : [];
  if (c.type === 'empty') return { spec: { type: 'constant', value: null, nullable: true }, evidence: ['always empty'] };
  if (isPk && c.numeric?.sequence) {
    const { start, step } = c.numeric.sequence;
    return { spec: { type: 'sequence', ...(start !== 1 ? { start } : {}), ...(step !== 1 ? { step } : {}) }, evidence: [`sequence of whole numbers, step ${step}`] };
  }
  if (c.type === 'uuid') return { spec: { type: 'uuid' }, evidence: [...typeNote, 'uuid'] };
  if (c.type === 'bool') return { spec: { type: 'bool', probability: c.bool!.trueRate }, evidence: [`true in ${pct(c.bool!.trueRate)}`] };
  if (c.categories && !isPk && !c.unique) {
    const cat = categorical(c);
    if (cat) return cat;
  }
  if (c.type === 'int' || c.type === 'float' || c.type === 'decimal') return numericColumn(c, typeNote);
  if (c.offsetFrom && !isPk) {
    const d = durationLiteral(c.offsetFrom.offsetMs);
    return { spec: { type: c.type, expr: `${c.offsetFrom.column} + duration('${d}')` }, evidence: [`always ${d} after ${c.offsetFrom.column} in the sample`] };
  }
  if (c.after && !isPk) return temporalRuleColumn(c);
  if (c.type === 'date' || c.type === 'datetime' || c.type === 'time') {
    const t = c.temporal!;
    return {
      spec: { type: c.type, min: t.min, max: t.max, ...(t.format !== 'iso' ? { format: t.format } : {}) },
      evidence: [...typeNote, `${pct(t.formatMatchRate)} ${t.format === 'iso' ? 'ISO' : `'${t.format}'`}; uniform over the sample's range`],
    };
  }
  return textColumn(c);
}

/** `customers.signed_up_at + duration(…)` or `uniform(customers.signed_up_at, timestamp(…))`. */
function temporalRuleColumn(c: ColumnProfile): { spec: Spec; evidence: string[] } {
  const r = c.after!;
  const days = r.unit === 'day';
  const latest = c.temporal!.max.length === 10 ? `${c.temporal!.max}T00:00:00Z` : c.temporal!.max;
  const expr = r.model === 'offset'
    ? `${r.source} + duration(string(uniform(${r.min}, ${r.max})${days ? ' * 24' : ''}) + '${days ? 'h' : 's'}')`
    : `uniform(${r.source}, timestamp('${latest}'))`;
  const how = r.model === 'offset' ? `${r.min}–${r.max} ${days ? 'days' : 's'} after ${r.source}` : `between ${r.source} and the latest value`;
  return { spec: { type: c.type, expr }, evidence: [`${how} (KS ${r.ks.toFixed(3)}; drawn on its own ${r.aloneKs.toFixed(3)})`] };
}

function categorical(c: ColumnProfile): { spec: Spec; evidence: string[] } | undefined {
  const cat = c.categories!;
  const total = cat.counts.reduce((a, b) => a + b, 0);
  const rare = cat.rareCount > 0 ? [`${cat.rareCount} rare value${cat.rareCount === 1 ? '' : 's'} (${pct(cat.rareCount / (total + cat.rareCount))}) left out`] : [];
  if (cat.labels) {
    const evidence = [`category: ${cat.labels.length} value${cat.labels.length === 1 ? '' : 's'}, weights are sample counts`, ...rare];
    if (c.type === 'string') return { spec: { type: 'enum', values: Object.fromEntries(cat.labels.map((l, i) => [String(l), cat.counts[i]!])) }, evidence };
    // Map keys are strings; numbers keep their type in a list, where a value listed k times has weight k.
    const reps = listRepetitions(cat.counts);
    const order = cat.labels.map((_, i) => i).sort((a, b) => Number(cat.labels![a]) - Number(cat.labels![b]));
    const values = order.flatMap((i) => new Array<string | number | boolean>(reps[i]!).fill(cat.labels![i]!));
    return { spec: { type: 'enum', values }, evidence: [...evidence.slice(0, 1).map((e) => e.replace('weights are sample counts', 'weights as repetitions')), ...rare] };
  }
  if (c.type !== 'string') return undefined;
  // --no-categories: the same weights on made-up labels.
  return {
    spec: { type: 'enum', values: Object.fromEntries(cat.counts.map((n, i) => [`${c.name}_${i + 1}`, n])) },
    evidence: [`category: ${cat.counts.length} values (labels withheld: --no-categories), weights are sample counts`, ...rare],
  };
}

/** The fewest repetitions per value whose shares are within REPETITION_TOLERANCE of the counts' shares. */
function listRepetitions(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const max = Math.max(...counts);
  let reps: number[] = counts.map(() => 1);
  for (let k = 1; k <= MAX_REPETITIONS; k++) {
    reps = counts.map((c) => Math.max(1, Math.round((k * c) / max)));
    const sum = reps.reduce((a, b) => a + b, 0);
    if (counts.every((c, i) => Math.abs(reps[i]! / sum - c / total) <= REPETITION_TOLERANCE)) break;
  }
  return reps;
}

function numericColumn(c: ColumnProfile, typeNote: string[]): { spec: Spec; evidence: string[] } {
  const n = c.numeric!;
  const best = n.fits[0];
  const spec: Spec = { type: c.type };
  if (c.type === 'decimal') spec.scale = n.scale ?? 2;
  spec.min = n.min;
  spec.max = n.max;
  if (best && best.name !== 'uniform') spec.distribution = { [best.name]: best.params };
  const evidence = [...typeNote, n.min === n.max ? 'constant' : fitList(n.fits)];
  return { spec, evidence };
}

function textColumn(c: ColumnProfile): { spec: Spec; evidence: string[] } {
  const x = c.text!;
  const p = x.pattern;
  const s = x.semantic;
  const patternNote = p ? `${pct(p.matchRate)} match ^${p.regex}$` : undefined;
  if (s && !(s.preferPattern && p && p.matchRate >= PATTERN_MATCH)) {
    return { spec: { type: s.faker, ...(s.args ? { args: s.args } : {}) }, evidence: [`${s.kind}: ${pct(s.matchRate)} match${s.byName ? ' (and the column name)' : ''}`] };
  }
  if (p) return { spec: { type: 'string', pattern: p.regex }, evidence: [`${s ? `${s.kind}; ` : ''}${patternNote}`] };
  if (x.words && x.words.max >= 3) {
    return { spec: { type: 'lorem.words', args: [{ min: Math.max(1, x.words.min), max: x.words.max }] }, evidence: [`free text of ${x.words.min}–${x.words.max} words, ${x.minLength}–${x.maxLength} characters`] };
  }
  const regex = fallbackPattern(x.characters, x.minLength, x.maxLength);
  const capped = x.maxLength > PATTERN_MAX_LENGTH ? `; values capped at ${PATTERN_MAX_LENGTH} characters` : '';
  return { spec: { type: 'string', pattern: regex }, evidence: [`no common shape; ${x.minLength}–${x.maxLength} characters${capped}`] };
}
