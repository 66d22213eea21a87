/**
 * createFakerSource falls back to require()-ing a Faker locale that nobody loaded with loadFakerLocale first, and Jest
 * cannot require an ES module (before Node 24.9): every locale is loaded up front for the tests that plan a spec.
 * Spec tests plan nothing and skip the 0.1 s this costs.
 */
import { expect } from '@jest/globals';

if (!/[\\/]packages[\\/]spec[\\/]/.test(expect.getState().testPath ?? '')) {
  const { loadAllFakerLocales } = await import('./packages/compiler/src/generators/faker-source.js');
  await loadAllFakerLocales();
}
