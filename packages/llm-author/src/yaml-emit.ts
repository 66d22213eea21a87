import { Document, isMap, isScalar, isSeq, parseDocument, visit, YAMLSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Assumption } from './types.js';

/** Top-level keys in reading order (docs/spec.md#top-level-keys); unknown ones follow, for the validator to name. */
const TOP_ORDER = ['synth', 'seed', 'locale', 'description', 'tables', 'outputs'];

/** A column or an output this short reads best on one line, as in the fixtures. */
const FLOW_LIMIT = 110;

export interface EmitOptions {
  /** Comment lines at the top of the file (without `#`). */
  header: string[];
  assumptions: Assumption[];
  /** For a revision: the current file's text, whose comments and layout survive where the spec did not change. */
  base?: string;
}

/**
 * A spec (plain JSON from the model) → readable YAML: keys in the documented order, one line per column
 * like the fixtures, the header and each assumption as comments (`# assumption: …`) — at the table or
 * column it concerns when the model named one, else at the top.
 */
export function emitSpecYaml(spec: Record<string, unknown>, options: EmitOptions): string {
  const ordered = orderTopLevel(spec);
  let doc: Document;
  if (options.base !== undefined) {
    doc = parseDocument(options.base);
    doc.contents = mergeNode(doc, doc.contents as Node | null, ordered, []) as typeof doc.contents;
  } else {
    doc = new Document(ordered);
    styleTree(doc.contents as Node, []);
    doc.commentBefore = options.header.map((l) => ` ${l}`).join('\n');
  }
  const unplaced: string[] = [];
  for (const a of options.assumptions) {
    const line = ` assumption: ${oneLine(a.text)}`;
    const pair = a.pointer !== undefined ? blockPairAt(doc, a.pointer) : undefined;
    if (pair && isScalar(pair.key)) pair.key.commentBefore = pair.key.commentBefore ? `${pair.key.commentBefore}\n${line}` : line;
    else unplaced.push(line);
  }
  if (unplaced.length > 0) doc.commentBefore = [doc.commentBefore, ...unplaced].filter(Boolean).join('\n');
  unpadFlowSequences(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/**
 * The house layout (fixtures, docs) pads flow mappings but not flow sequences: `{ a: 1 }`, `[a, b]`. The
 * yaml package has one switch for both, so sequences get theirs turned off one by one; otherwise every
 * revision would restyle the user's untouched `[a, b]` lines and bury the real change in the diff.
 */
function unpadFlowSequences(doc: Document): void {
  visit(doc, {
    Seq(_key, node) {
      if (!node.flow) return;
      const seq = node as YAMLSeq & { toString: YAMLSeq['toString'] };
      seq.toString = (ctx, onComment, onChompKeep) =>
        YAMLSeq.prototype.toString.call(seq, ctx && { ...ctx, flowCollectionPadding: '' } as typeof ctx, onComment, onChompKeep);
    },
  });
}

function orderTopLevel(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TOP_ORDER) if (k in spec) out[k] = spec[k];
  for (const [k, v] of Object.entries(spec)) if (!(k in out)) out[k] = v;
  return out;
}

/** Columns, per-parent row counts and outputs go on one line when they are short. */
function wantsFlow(path: readonly string[]): boolean {
  if (path[0] === 'tables') return (path.length === 4 && path[2] === 'columns') || (path.length === 3 && path[2] === 'rows');
  return path.length === 2 && path[0] === 'outputs';
}

function styleTree(node: Node | null, path: string[]): void {
  if (isMap(node)) {
    if (wantsFlow(path) && JSON.stringify(node.toJSON()).length <= FLOW_LIMIT) node.flow = true;
    for (const p of node.items) if (isScalar(p.key)) styleTree(p.value as Node | null, [...path, String(p.key.value)]);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => styleTree(item as Node | null, [...path, String(i)]));
    // Short lists of values (enum values, composite keys) on one line; lists of checks stay one per line.
    if (node.items.every((i) => isScalar(i)) && JSON.stringify(node.toJSON()).length <= FLOW_LIMIT / 2) node.flow = true;
  }
}

/**
 * Brings `node` to `value` in place, keeping every unchanged node (and its comments and style): a
 * revision's diff then shows what the model changed, not a reformatted file.
 */
function mergeNode(doc: Document, node: Node | null, value: unknown, path: string[]): Node {
  if (isMap(node) && isPlainObject(value)) {
    node.items = node.items.filter((p) => isScalar(p.key) && Object.hasOwn(value, String(p.key.value)));
    for (const [k, v] of Object.entries(value)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === k);
      if (pair) pair.value = mergeNode(doc, pair.value as Node | null, v, [...path, k]);
      else node.items.push(doc.createPair(k, styled(doc, v, [...path, k])));
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value) && node.items.length === value.length) {
    node.items = node.items.map((item, i) => mergeNode(doc, item as Node | null, value[i], [...path, String(i)]));
    return node;
  }
  if (isScalar(node) && !isObjectLike(value) && node.value === value) return node;
  const created = styled(doc, value, path);
  if ((isMap(node) || isSeq(node)) && (isMap(created) || isSeq(created))) created.flow = node.flow === true;
  if (node && 'comment' in node && node.comment) created.comment = node.comment;
  return created;
}

function styled(doc: Document, value: unknown, path: string[]): Node {
  const n = doc.createNode(value) as Node;
  styleTree(n, path);
  return n;
}

/**
 * The pair for `pointer` in the nearest enclosing block mapping (a comment cannot sit inside a
 * one-line `{ … }`): an assumption about /tables/orders/columns/total/max lands above `total:`.
 */
function blockPairAt(doc: Document, pointer: string): Pair | undefined {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let found: Pair | undefined;
  let node: unknown = doc.contents;
  for (const s of segments) {
    if (!isMap(node)) break;
    const pair = (node as YAMLMap).items.find((p) => isScalar(p.key) && String(p.key.value) === s);
    if (!pair) break;
    if (!(node as YAMLMap).flow) found = pair;
    else break;
    node = pair.value;
  }
  return found;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isObjectLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}
