import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from './run-cli.js';

const SPEC = `synth: 1
seed: 8
tables:
  customers:
    rows: 40
    columns:
      id: { type: sequence, primary_key: true }
      addresses:
        type: array
        count: 2
        items:
          type: object
          fields:
            city: { type: location.city }
            zip: { type: string, pattern: '\\d{5}' }
outputs:
  - { format: jsonl, path: "out/{table}.jsonl" }
  - { format: xml, path: "out/{table}.xml" }
`;

function project(text: string): { dir: string; spec: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.synth.yaml'), text);
  return { dir, spec: join(dir, 'spec.synth.yaml') };
}

describe('nested documents in files', () => {
  it('jsonl holds them as nested JSON and xml as nested elements, the same documents', async () => {
    const { dir, spec } = project(SPEC);
    const r = await runCli(['build', spec], { cwd: dir });
    expect(r.code).toBe(0);
    const rows = readFileSync(join(dir, 'out/customers.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { addresses: Array<{ city: string; zip: string }> });
    expect(rows).toHaveLength(40);
    expect(rows.every((x) => x.addresses.length === 2)).toBe(true);
    const xml = readFileSync(join(dir, 'out/customers.xml'), 'utf8');
    const first = rows[0]!.addresses[0]!;
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    expect(xml).toContain(`<addresses><item><city>${esc(first.city)}</city><zip>${first.zip}</zip></item><item>`);
  });

  it('tabular formats refuse document columns, naming them', async () => {
    const { dir, spec } = project(SPEC);
    const r = await runCli(['build', spec, '--format', 'csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error SYN317: csv cannot hold the document column 'customers.addresses'");
    expect(r.stderr).toContain('json, jsonl, xml, parquet, arrow, sql');
  });

  it('reports what cannot be inside a document, and a broken embedded schema', async () => {
    const { dir, spec } = project(`synth: 1
tables:
  t:
    rows: 3
    columns:
      id: { type: sequence }
      doc:
        type: object
        fields:
          n: { type: sequence }
          k: { type: int, unique: true }
      j: { type: json, schema: { type: object, properties: { a: { type: nonsense } } } }
`);
    const r = await runCli(['validate', spec], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('10:22 - error SYN335: A sequence cannot be inside an object or array column');
    expect(r.stderr).toContain("11:27 - error SYN335: 'unique' cannot be used inside an object or array column");
    expect(r.stderr).toMatch(/12:32 - error SYN335: Invalid JSON Schema: /);
  });
});
