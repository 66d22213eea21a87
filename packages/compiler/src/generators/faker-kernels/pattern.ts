import type { CellRandom } from '../../random/cell-random.js';
import { isPlainObject, type KernelContext } from './context.js';
import { indexOf, pick, type Kernel } from './pick.js';

/** A compiled pattern: literal text, or a kernel that fills a placeholder. */
export type Part = string | Kernel;

/**
 * Splits a pattern the way Faker's `helpers.fake` finds placeholders (`{{` then a lower-case letter, up to the next
 * `}}`). `expand` turns a placeholder's expression into a kernel; undefined leaves the whole pattern to Faker.
 * Literal text is respelled by the context (user names drop spaces).
 */
export function splitPattern(ctx: KernelContext, pattern: string, expand: (expr: string) => Part | undefined): Part[] | undefined {
  const parts: Part[] = [];
  let at = 0;
  for (;;) {
    const rest = pattern.slice(at);
    const start = rest.search(/{{[a-z]/);
    const end = start === -1 ? -1 : rest.indexOf('}}', start);
    if (start === -1 || end === -1) {
      if (rest.length > 0) parts.push(ctx.spell(rest));
      return parts;
    }
    if (start > 0) parts.push(ctx.spell(rest.slice(0, start)));
    const part = expand(rest.slice(start + 2, end));
    if (part === undefined) return undefined;
    parts.push(part);
    at += end + 2;
  }
}

/** Joins parts per cell: no concatenation for a pattern that is one placeholder. */
export function joinParts(parts: readonly Part[]): Kernel {
  const merged: Part[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else if (p !== '') merged.push(p);
  }
  if (merged.length === 0) return () => '';
  if (merged.length === 1) {
    const only = merged[0]!;
    return typeof only === 'string' ? () => only : only;
  }
  if (merged.length === 2) {
    const [a, b] = merged as [Part, Part];
    if (typeof a === 'string') return (rng) => a + (b as Kernel)(rng);
    if (typeof b === 'string') return (rng) => a(rng) + b;
    return (rng) => a(rng) + b(rng);
  }
  if (merged.length === 3) {
    const [a, b, c] = merged as [Part, Part, Part];
    if (typeof a !== 'string' && typeof b === 'string' && typeof c !== 'string') return (rng) => a(rng) + b + c(rng);
  }
  const n = merged.length;
  return (rng: CellRandom) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      const p = merged[i]!;
      s += typeof p === 'string' ? p : p(rng);
    }
    return s;
  };
}

/** Faker's `helpers.fake(pattern)`: placeholders are Faker methods (`{{person.lastName}}`) or definitions. */
export function fakePattern(ctx: KernelContext, pattern: string): Kernel | undefined {
  const parts = splitPattern(ctx, pattern, (expr) => fakeExpression(ctx, expr));
  return parts && joinParts(parts);
}

/** Faker's `helpers.fake(patterns)` over a list: one pattern, uniformly, then that pattern. */
export function fakePatterns(ctx: KernelContext, patterns: readonly string[] | undefined): Kernel | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  const kernels: Kernel[] = [];
  for (const p of patterns) {
    const k = fakePattern(ctx, p);
    if (!k) return undefined;
    kernels.push(k);
  }
  if (kernels.length === 1) return kernels[0];
  const n = kernels.length;
  return (rng) => kernels[indexOf(rng, n)]!(rng);
}

/**
 * One placeholder, resolved as Faker's expression evaluator does: a method of the Faker instance first
 * (`location.buildingNumber`), else a path into the locale definitions (`location.city_prefix`,
 * `person.last_name.generic`) whose list is picked from uniformly. A method call with arguments is covered only for
 * `number.int({ min, max })` (the ja street pattern); anything else leaves the pattern to Faker.
 */
export function fakeExpression(ctx: KernelContext, expr: string): Kernel | undefined {
  const call = /^([a-z][A-Za-z]*\.[a-z][A-Za-z]*)\((.*)\)$/s.exec(expr);
  if (call) return callExpression(ctx, call[1]!, call[2]!);
  if (!/^[a-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/.test(expr)) return undefined;
  if (ctx.hasMethod(expr)) return ctx.kernel(expr);
  return pick(ctx.list(expr) ?? []);
}

function callExpression(ctx: KernelContext, path: string, argText: string): Kernel | undefined {
  let args: unknown[];
  try {
    args = JSON.parse(`[${argText}]`) as unknown[];
  } catch {
    return undefined;
  }
  if (path === 'number.int') {
    const o = typeof args[0] === 'number' ? { max: args[0] } : args[0];
    if (args.length !== 1 || !isPlainObject(o) || Object.keys(o).some((k) => k !== 'min' && k !== 'max')) return undefined;
    const min = (o.min as number | undefined) ?? 0;
    const max = o.max as number;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min || max - min > 1e6) return undefined;
    const text = Array.from({ length: max - min + 1 }, (_, i) => ctx.spell(String(min + i)));
    return pick(text);
  }
  return undefined;
}
