// Developer aid: validate, plan and build one spec into a temporary directory, printing diagnostics.
// Usage: npx tsx packages/compiler/scripts/dev-build.ts path/to/spec.synth.yaml [--out DIR]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatDiagnostic, loadSpec } from '@synth/spec';
import { buildOutputs, formatPlan, planBuild } from '../src/index.js';

const path = process.argv[2]!;
const outIdx = process.argv.indexOf('--out');
const out = outIdx > 0 ? process.argv[outIdx + 1]! : mkdtempSync(join(tmpdir(), 'synth-dev-'));
const text = readFileSync(path, 'utf8');
const r = loadSpec({ path, text });
for (const d of r.diagnostics) console.log(formatDiagnostic(d, { sources: new Map([[path, text]]) } as never));
if (!r.value) process.exit(1);
const p = planBuild(r.value.spec, { doc: r.value.doc });
for (const d of p.diagnostics) console.log(formatDiagnostic(d, { sources: new Map([[path, text]]) } as never));
if (!p.value) process.exit(1);
console.log(formatPlan(p.value));
const b = await buildOutputs(r.value.spec, r.value.doc, { specDir: dirname(path), cwd: '/', outDir: out });
for (const d of b.diagnostics) console.log(formatDiagnostic(d, { sources: new Map([[path, text]]) } as never));
for (const f of b.files) console.log(`${f.path}  ${f.bytes} bytes`);
process.exit(b.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
