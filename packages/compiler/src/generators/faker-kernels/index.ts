import type { Faker } from '@faker-js/faker';
import { commerceKernels, companyKernels } from './company.js';
import { KernelContext, type KernelBuilder } from './context.js';
import { internetKernels } from './internet.js';
import { locationKernels } from './location.js';
import { loremKernels } from './lorem.js';
import { personKernels } from './person.js';
import { phoneKernels } from './phone.js';
import type { Kernel } from './pick.js';

export type { Kernel } from './pick.js';

/** Every covered method path (docs/performance.md "Faker at table speed" lists the ones specs use most). */
export const KERNEL_BUILDERS: Readonly<Record<string, KernelBuilder>> = {
  ...personKernels,
  ...internetKernels,
  ...phoneKernels,
  ...locationKernels,
  ...companyKernels,
  ...commerceKernels,
  ...loremKernels,
};

const contexts = new WeakMap<Faker, KernelContext>();

/**
 * A fast draw for a Faker method: picks from the Faker instance's own locale definitions (its locale chain),
 * composed as Faker composes them, precomputed once per column so a cell is a few draws and array picks.
 * Undefined when the method or its arguments are not covered: the caller then calls Faker.
 *
 * The values are Faker's values (the same lists, patterns and weights), not the same draws: a kernel reads the
 * cell's stream its own way, so it gives other values than calling Faker with that stream would.
 */
export function fakerKernel(faker: Faker, path: string, args: readonly unknown[]): Kernel | undefined {
  let ctx = contexts.get(faker);
  if (!ctx) {
    ctx = new KernelContext(faker, KERNEL_BUILDERS);
    contexts.set(faker, ctx);
  }
  return ctx.kernel(path, args);
}
