import type { Spec, SpecDocument } from '@synth/spec';
import { executePlan } from '../execute/execute-plan.js';
import type { Plan } from '../types.js';
import { ConformanceChecker } from './conformance-checker.js';
import type { ConformanceReport } from './conformance-types.js';

/**
 * Generates every table of a plan and checks it, writing nothing (`synth report`): the same rows a build writes,
 * through the same checker. A generation problem is thrown as a GenerationError.
 */
export function checkPlan(plan: Plan, spec: Spec, doc?: SpecDocument): ConformanceReport {
  const checker = new ConformanceChecker(plan, spec);
  for (const stream of executePlan(plan, spec, doc ? { doc } : {})) for (const batch of stream.batches()) checker.observe(batch);
  return checker.finish();
}
