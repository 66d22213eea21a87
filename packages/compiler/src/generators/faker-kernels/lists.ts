import { asStrings, type KernelBuilder } from './context.js';
import { fakePatterns } from './pattern.js';
import { pick } from './pick.js';

/** A method that is `helpers.arrayElement(definitions.<path>)` and takes no arguments. */
export function listMethod(path: string): KernelBuilder {
  return (ctx, args) => (args.length === 0 ? pick(ctx.list(path) ?? []) : undefined);
}

/** A method that is `helpers.fake(definitions.<path>)` and takes no arguments. */
export function patternMethod(path: string): KernelBuilder {
  return (ctx, args) => (args.length === 0 ? fakePatterns(ctx, asStrings(ctx.definition(path))) : undefined);
}
