import { EXPR_MAX_DEPTH, EXPR_MAX_SOURCE_LENGTH } from '../generation-limits.js';

/**
 * The size limits of an expression's text (docs/spec.md "Generation limits"). cel-js parses, type-checks and
 * evaluates recursively: `!!!!…` ten thousand deep overflows its parser, and `1 + 1 + … + 1` (parsed in a loop,
 * but nested once per `+`) overflows the checker and the evaluator. So the text is measured before the parser
 * sees it, and the tree before anything recurses over it.
 */

/** A problem with the expression's text, or undefined; checked before parsing. */
export function expressionTextProblem(source: string): string | undefined {
  if (source.length > EXPR_MAX_SOURCE_LENGTH) {
    return `the expression is ${source.length.toLocaleString('en-US')} characters long; the limit is ${EXPR_MAX_SOURCE_LENGTH.toLocaleString('en-US')}`;
  }
  if (textDepth(source) > EXPR_MAX_DEPTH) return tooDeep();
  return undefined;
}

/** A problem with the parsed tree (cel-js AST), or undefined; checked before type-checking or evaluating it. */
export function expressionTreeProblem(ast: unknown): string | undefined {
  return treeDepth(ast) > EXPR_MAX_DEPTH ? tooDeep() : undefined;
}

export function tooDeep(): string {
  return `the expression nests deeper than ${EXPR_MAX_DEPTH} levels (brackets, unary operators, and operators chained one after another)`;
}

/**
 * Bracket depth plus the longest run of unary operators, outside string literals: an upper bound of what the
 * parser recurses over (a binary `-` counted as unary only makes the bound looser).
 */
function textDepth(s: string): number {
  let depth = 0;
  let max = 0;
  let unary = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      // Skip the literal (escapes included); triple quotes read as an empty literal and a normal one.
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === '\\') i++;
      unary = 0;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '!' || c === '-') {
      unary++;
      if (depth + unary > max) max = depth + unary;
      continue;
    }
    unary = 0;
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      if (depth > max) max = depth;
    } else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

/** Depth of a cel-js AST (nodes are `{ op, args }`; args hold nodes, arrays of them, names and literals), without recursion. */
function treeDepth(ast: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[ast, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (Array.isArray(n)) {
      for (const x of n) stack.push([x, d]);
      continue;
    }
    if (!n || typeof n !== 'object' || typeof (n as { op?: unknown }).op !== 'string') continue;
    if (d > max) {
      max = d;
      if (max > EXPR_MAX_DEPTH) return max;
    }
    stack.push([(n as { args?: unknown }).args, d + 1]);
  }
  return max;
}
