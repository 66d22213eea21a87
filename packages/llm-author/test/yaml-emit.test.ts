import { expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { emitSpecYaml } from '@synth/llm-author';

const BASE = `# My shop — hand-written.
synth: 1
seed: 42
tables:
  customers:
    rows: 100   # enough for the demo
    columns:
      id: { type: sequence, primary_key: true }
      # Names must look real.
      name: { type: person.fullName }
outputs:
  - { format: csv, path: "out/{table}.csv" }
`;

test('a revision keeps the comments and layout of everything the model did not change', () => {
  const revised = parse(BASE) as { tables: Record<string, { rows: number; columns: Record<string, unknown> }> };
  revised.tables.customers!.columns.email = { type: 'internet.email', unique: true };
  revised.tables.refunds = { rows: 10, columns: { id: { type: 'uuid', primary_key: true } } };
  const text = emitSpecYaml(revised as unknown as Record<string, unknown>, { header: ['ignored for revisions'], assumptions: [], base: BASE });
  expect(text).toBe(`# My shop — hand-written.
synth: 1
seed: 42
tables:
  customers:
    rows: 100 # enough for the demo
    columns:
      id: { type: sequence, primary_key: true }
      # Names must look real.
      name: { type: person.fullName }
      email: { type: internet.email, unique: true }
  refunds:
    rows: 10
    columns:
      id: { type: uuid, primary_key: true }
outputs:
  - { format: csv, path: "out/{table}.csv" }
`);
});

test('a changed or removed value is replaced; its neighbours keep their comments', () => {
  const revised = parse(BASE) as { seed: number; tables: { customers: { rows: number; columns: Record<string, unknown> } } };
  revised.tables.customers.rows = 250;
  delete revised.tables.customers.columns.id;
  revised.seed = 7;
  const text = emitSpecYaml(revised as unknown as Record<string, unknown>, { header: [], assumptions: [], base: BASE });
  expect(text).toContain('seed: 7\n');
  // The comment on a changed value stays with it.
  expect(text).toContain('    rows: 250 # enough for the demo\n');
  expect(text).not.toContain('id: {');
  expect(text).toContain('      # Names must look real.\n      name: { type: person.fullName }\n');
});

test('a new spec: top-level keys in documented order, the header on top, each assumption at the nearest key of its pointer', () => {
  const text = emitSpecYaml(
    { tables: { t: { rows: 1, columns: { a: { type: 'int', min: 0, max: 9 } } } }, synth: 1, seed: 3 },
    { header: ['Drafted by a test'], assumptions: [{ text: 'one\nline' }, { text: 'at t', pointer: '/tables/t/columns/a/max' }, { text: 'nowhere', pointer: '/tables/zzz' }] },
  );
  expect(text).toBe(`# Drafted by a test
# assumption: one line

synth: 1
seed: 3
# assumption: nowhere
tables:
  t:
    rows: 1
    columns:
      # assumption: at t
      a: { type: int, min: 0, max: 9 }
`);
});
