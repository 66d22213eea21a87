import type { BadInput } from './bad-input.js';
import { specWith } from './spec.cases.js';

/** Crashes and misdiagnoses the spec fuzzer found (packages/cli/test/fuzz/), once fixed. */
export const cases: BadInput[] = [
  {
    name: 'a Faker method in a document rejects its arguments: named, and located at the field',
    args: ['build', 's.synth.yaml'],
    files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }\ndoc: { type: object, fields: { tags: { type: helpers.shuffle, args: [3] } } }') },
    code: 'SYN319',
    exit: 1,
    mentions: ["Faker method 'helpers.shuffle' failed", 's.synth.yaml:8:44', '/tables/users/columns/doc/fields/tags'],
  },
];
