import type { KernelBuilder } from './context.js';
import { listMethod, patternMethod } from './lists.js';

export const companyKernels: Record<string, KernelBuilder> = {
  'company.name': patternMethod('company.name_pattern'),
  'company.buzzNoun': listMethod('company.buzz_noun'),
  'company.buzzVerb': listMethod('company.buzz_verb'),
  'company.buzzAdjective': listMethod('company.buzz_adjective'),
};

export const commerceKernels: Record<string, KernelBuilder> = {
  'commerce.productName': patternMethod('commerce.product_name.pattern'),
  'commerce.product': listMethod('commerce.product_name.product'),
  'commerce.productAdjective': listMethod('commerce.product_name.adjective'),
  'commerce.productMaterial': listMethod('commerce.product_name.material'),
  'commerce.department': listMethod('commerce.department'),
};
