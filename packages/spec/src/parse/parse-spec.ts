import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, visit, YAMLParseError, type CST, type Document, type Node as YamlNode } from 'yaml';
import { diag, pointerOf } from '../diagnostics/diagnostic.js';
import type { Diagnostic, Result, SourceFile, SpecDocument, Span } from '../types.js';

/** Limits that keep a hostile or accidental input from hanging or crashing the parser. */
export const PARSE_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxDepth: 64,
  /** yaml's own guard against "billion laughs": aliases expanded per document. */
  maxAliasCount: 1000,
};

/**
 * SourceFile → SpecDocument: YAML with a JSON-pointer → span map, so later stages can point at the exact
 * key or value they complain about. Never throws for bad input.
 */
export function parseSpec(source: SourceFile): Result<SpecDocument> {
  const size = Buffer.byteLength(source.text, 'utf8');
  if (size > PARSE_LIMITS.maxBytes) {
    return { diagnostics: [diag('fileTooLarge', { size, max: PARSE_LIMITS.maxBytes }, { file: source.path })] };
  }
  if (source.text.trim() === '' || /^\s*(#[^\n]*\s*)*$/.test(source.text)) {
    return { diagnostics: [diag('emptyFile', {}, { file: source.path, span: { start: 0, length: 0 }, doc: emptyDoc(source) })] };
  }
  const flowDepth = maxFlowDepth(source.text);
  const tree = flowDepth.depth > PARSE_LIMITS.maxDepth ? { tooDeepAt: flowDepth.at } : parseTree(source.text, PARSE_LIMITS.maxDepth);
  if (tree.tooDeepAt !== undefined) {
    const doc = emptyDoc(source);
    return { diagnostics: [diag('tooDeep', { max: PARSE_LIMITS.maxDepth }, { doc, span: { start: tree.tooDeepAt, length: 1 } })] };
  }

  let yamlDoc: Document.Parsed;
  try {
    yamlDoc = composeDocument(tree.tokens!, source.text);
  } catch (e) {
    // The parser is recursive; a pathological block nesting can still exhaust the stack.
    return { diagnostics: [diag('tooDeep', { max: PARSE_LIMITS.maxDepth }, { file: source.path, doc: emptyDoc(source) })] };
  }
  const base = emptyDoc(source);
  const diagnostics: Diagnostic[] = [];
  for (const err of yamlDoc.errors) {
    const span: Span = { start: err.pos[0], length: Math.max(1, err.pos[1] - err.pos[0]) };
    if (/Maximum call stack size exceeded/.test(err.message)) {
      // yaml's composer recurses once per nested block node and reports running out of stack as a syntax error;
      // hundreds of nested block mappings or compact `- - - …` sequences get there before collectPositions can
      // count them. It is the same problem as any other nesting over the limit.
      return { diagnostics: [diag('tooDeep', { max: PARSE_LIMITS.maxDepth }, { doc: base, span })] };
    } else if (err.code === 'DUPLICATE_KEY') {
      // The error's range may cover only the key's first character: read the key up to its colon.
      const key = /^\s*("[^"]*"|'[^']*'|[^:\n]*)/.exec(source.text.slice(err.pos[0], err.pos[0] + 256))?.[1]?.trim() ?? '';
      diagnostics.push(diag('duplicateKey', { key: `'${key.replace(/^["']|["']$/g, '')}'` }, { doc: base, span: { start: err.pos[0], length: Math.max(1, key.length) } }));
    } else {
      diagnostics.push(diag('yamlSyntax', { detail: firstLine(err.message) }, { doc: base, span }));
    }
  }
  if (diagnostics.length > 0) return { diagnostics };

  const positions: SpecDocument['positions'] = new Map();
  const depthError = collectPositions(yamlDoc.contents, '', 0, positions);
  if (depthError !== undefined) {
    return { diagnostics: [diag('tooDeep', { max: PARSE_LIMITS.maxDepth }, { doc: base, span: { start: depthError, length: 1 } })] };
  }
  const cycle = aliasInsideItsAnchor(yamlDoc);
  if (cycle) {
    return { diagnostics: [diag('aliasLimit', { detail: 'an alias names a node that contains it, so the document never ends' }, { doc: base, span: cycle, hint: 'An alias may not stand inside the node its anchor names; write the values out, or anchor a smaller node.' })] };
  }
  let value: unknown;
  try {
    value = yamlDoc.toJS({ maxAliasCount: PARSE_LIMITS.maxAliasCount });
  } catch (e) {
    const detail = e instanceof Error ? firstLine(e.message) : String(e);
    return { diagnostics: [diag('aliasLimit', { detail }, { doc: base, span: firstAliasSpan(yamlDoc) })] };
  }
  return { value: { source, value, positions }, diagnostics: [] };
}

function emptyDoc(source: SourceFile): SpecDocument {
  return { source, value: undefined, positions: new Map() };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function rangeSpan(node: { range?: [number, number, number] | null } | null | undefined): Span | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return { start: r[0], length: Math.max(1, r[1] - r[0]) };
}

/** Walks the YAML AST, recording spans; returns the offset where nesting got too deep, if it did. */
function collectPositions(node: unknown, pointer: string, depth: number, out: SpecDocument['positions']): number | undefined {
  if (node === null || node === undefined) return undefined;
  const yamlNode = node as YamlNode;
  if (depth > PARSE_LIMITS.maxDepth) return yamlNode.range?.[0] ?? 0;
  const span = rangeSpan(yamlNode);
  if (span && !out.has(pointer)) out.set(pointer, { ...out.get(pointer), value: span });
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const child = pointer + pointerOf(key);
      const keySpan = rangeSpan(pair.key as YamlNode);
      const valueSpan = rangeSpan(pair.value as YamlNode) ?? keySpan;
      if (valueSpan) out.set(child, { value: valueSpan, ...(keySpan ? { key: keySpan } : {}) });
      const bad = collectPositions(pair.value, child, depth + 1, out);
      if (bad !== undefined) return bad;
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const child = pointer + pointerOf(i);
      const s = rangeSpan(item as YamlNode);
      if (s) out.set(child, { value: s });
    });
    for (let i = 0; i < node.items.length; i++) {
      const bad = collectPositions(node.items[i], pointer + pointerOf(i), depth + 1, out);
      if (bad !== undefined) return bad;
    }
  } else if (isAlias(node)) {
    // Aliases point at an anchored node elsewhere; the alias's own span is the useful location.
  }
  return undefined;
}

/**
 * The offset of the first node nested deeper than `max`, from yaml's concrete syntax tree (its parser keeps an
 * explicit stack; only the composer recurses). Checked before composing: hundreds of nested block mappings or
 * compact `- - -`/`? ? ?` chains exhaust the composer's stack, and where that happens depends on how deep the caller's
 * stack already is — the diagnostic's position must not.
 */
/**
 * yaml's syntax tree of `text`, or where it first nests deeper than `max`. The tree is parsed once: composeDocument
 * builds the document from these tokens (parseDocument would parse the text a second time, a tenth of validate).
 */
function parseTree(text: string, max: number): { tokens?: CST.Token[]; tooDeepAt?: number } {
  try {
    const tokens = [...new Parser().parse(text)];
    const tooDeepAt = deepNodeInTree(tokens, max);
    return tooDeepAt === undefined ? { tokens } : { tooDeepAt };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // yaml's CST parser recurses too, once per compact `- - -`: thousands of them exhaust its stack as well.
    return { tooDeepAt: deepLineStart(text, max) };
  }
}

/** yaml's parseDocument (its public-api.ts) over tokens already parsed: the first document, an error for any more. */
function composeDocument(tokens: CST.Token[], text: string): Document.Parsed {
  let doc: Document.Parsed | undefined;
  for (const d of new Composer({ uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' }).compose(tokens, true, text.length)) {
    if (!doc) doc = d;
    else {
      doc.errors.push(new YAMLParseError(d.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return doc!;
}

/**
 * Where a line first nests deeper than `max` by its indentation (two spaces a level) and its compact block
 * indicators (`- - - x`, `? ? ? x`): the position for the nesting that stopped the YAML parser itself.
 */
function deepLineStart(text: string, max: number): number {
  let start = 0;
  for (const line of text.split('\n')) {
    const indent = /^ */.exec(line)![0].length;
    const compact = /^(?:[-?:] +)*/.exec(line.slice(indent))![0].replace(/ /g, '').length;
    if (indent / 2 + compact > max) return start + indent;
    start += line.length + 1;
  }
  return 0;
}

function deepNodeInTree(tokens: CST.Token[], max: number): number | undefined {
  type Node = { offset: number; items?: Array<{ key?: unknown; value?: unknown }> };
  for (const token of tokens) {
    if (token.type !== 'document' || !token.value) continue;
    const stack: Array<[Node, number]> = [[token.value as Node, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (depth > max) return node.offset;
      for (const item of node.items ?? []) {
        if (item.key && typeof item.key === 'object') stack.push([item.key as Node, depth + 1]);
        if (item.value && typeof item.value === 'object') stack.push([item.value as Node, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Depth of `[`/`{` nesting outside quotes, checked before parsing so a 100k-deep flow can't blow the stack. */
function maxFlowDepth(text: string): { depth: number; at: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') comment = false;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) comment = true;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > max) {
        max = depth;
        at = i;
        if (max > PARSE_LIMITS.maxDepth) break;
      }
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return { depth: max, at };
}

/**
 * The first alias that stands inside the node it names (`&a { synth: *a }`): yaml turns it into a circular object,
 * which no later stage can walk (JSON Schema validation recursed until the stack ran out: SYN499).
 */
function aliasInsideItsAnchor(doc: Document.Parsed): Span | undefined {
  let span: Span | undefined;
  visit(doc, {
    Alias(_, node, path) {
      const target = node.resolve(doc);
      if (target && path.includes(target as never)) {
        span = node.range ? { start: node.range[0], length: Math.max(1, node.range[1] - node.range[0]) } : { start: 0, length: 1 };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return span;
}

/** Where the first alias is used: the place to look when aliases expand too far. */
function firstAliasSpan(doc: Document): Span {
  let span: Span = { start: 0, length: 1 };
  visit(doc, {
    Alias(_, node) {
      if (node.range) span = { start: node.range[0], length: Math.max(1, node.range[1] - node.range[0]) };
      return visit.BREAK;
    },
  });
  return span;
}
