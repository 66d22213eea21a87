/**
 * The process that runs fuzz cases for case-runner.ts: one case per message, in a work directory of its own. It is a
 * separate process so that a case that hangs in synchronous code (a regex, a CEL loop, a plan) or eats memory can be
 * killed without losing the run.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCase, runFuzzCase } from './fuzz-case.js';

// As the synth bin does: expression calendar functions read the local zone.
process.env.TZ = 'UTC';
const work = mkdtempSync(join(tmpdir(), 'synth-fuzz-'));
process.chdir(work);
process.once('disconnect', () => {
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
});

// The first build of each format loads its writer (exceljs, pdfmake, …): pay for that before the first timed case.
const fixtures = new URL('../../../../fixtures/', import.meta.url).pathname;
for (const f of readdirSync(fixtures).filter((n) => n.endsWith('.synth.yaml'))) {
  await runFuzzCase(readFileSync(join(fixtures, f), 'utf8'), join(work, 'case'));
}
for (const format of ['xml', 'parquet', 'arrow', 'xlsx', 'pdf', 'docx', 'sql']) {
  await runFuzzCase(`synth: 1\ntables:\n  t:\n    rows: 2\n    columns:\n      id: { type: sequence }\noutputs:\n  - { format: ${format}, path: "t.${format}" }\n`, join(work, 'case'));
}
await runCliCase(readFileSync(join(fixtures, 'shop.synth.yaml'), 'utf8'), join(work, 'case'));
process.send!({ ready: true, work });

process.on('message', (m: { id: number; text: string; cli?: boolean }) => {
  // The stage goes to the parent as it starts: a case that hangs cannot say where it hangs afterwards.
  void (m.cli ? runCliCase : runFuzzCase)(m.text, join(work, 'case'), (stage) => process.send!({ id: m.id, stage })).then((result) => process.send!({ id: m.id, result }));
});
