import type { ColumnOfKind } from '@synth/spec';
import { patternDomainSize, patternGenerator } from '../generators/pattern.js';
import type { ColumnKindModule } from './kind-module.js';

/** `string`: drawn from a regular expression, `pattern` (or derived by `expr`, which the pattern then checks). */
export const stringColumn: ColumnKindModule<ColumnOfKind<'string'>> = {
  info: () => ({ type: 'string' }),
  domain: {
    size: (n) => (typeof n.spec.pattern === 'string' ? { retryDomain: patternDomainSize(n.spec.pattern) } : {}),
  },
  // The spec checks require a pattern on a string column without `expr` (SYN205).
  draw: (n) => patternGenerator(n.spec.pattern!),
  rules(n) {
    const source = n.spec.pattern;
    if (typeof source !== 'string') return [];
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${source})$`, 'u');
    } catch {
      re = new RegExp(`^(?:${source})$`);
    }
    const pattern = re;
    return [{ rule: 'pattern', expected: `/${source}/`, key: 'pattern', holds: (v) => pattern.test(String(v)) }];
  },
  document: {
    schema: (n) => (typeof n.spec.pattern === 'string' ? { type: 'string', pattern: `^(?:${n.spec.pattern})$` } : { type: 'string' }),
  },
};
