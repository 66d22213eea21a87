/**
 * The process that runs fuzz cases for case-runner.ts: one case per message, in a work directory of its own. It is a
 * separate process so that a case that hangs in synchronous code (a regex, a CEL loop, a plan) or eats memory can be
 * killed without losing the run.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runCliCase, runFuzzCase } from './fuzz-case.js';

/**
 * A hung case cannot say where it hangs, and its process is killed: this watchdog thread, after `after` ms of a case,
 * pauses the main thread through the inspector (which interrupts a busy loop or a backtracking regex), writes its
 * stack to `hang-<id>.json` in the work directory for the runner to read, and lets it go on.
 */
const WATCHDOG = `
const { parentPort, workerData } = require('node:worker_threads');
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new Session();
session.connectToMainThread();
// Enabled once, while the main thread is idle: enabling it reports every loaded script, too slow for a hang's last moments.
session.post('Debugger.enable');
const timers = new Map();
const urls = new Map();
session.on('Debugger.scriptParsed', (m) => urls.set(m.params.scriptId, m.params.url));
session.on('Debugger.paused', (m) => {
  const frames = m.params.callFrames.slice(0, 8).map((c) => ({ fn: c.functionName, url: c.url || urls.get(c.location.scriptId) || '', line: c.location.lineNumber + 1 }));
  try { writeFileSync(workerData.dir + '/hang-' + session.caseId + '.json', JSON.stringify(frames)); } catch {}
  session.post('Debugger.resume');
});
parentPort.on('message', (m) => {
  if (m.done) { clearTimeout(timers.get(m.id)); timers.delete(m.id); return; }
  timers.set(m.id, setTimeout(() => {
    session.caseId = m.id;
    session.post('Debugger.pause');
  }, m.after));
});
`;

// As the synth bin does: expression calendar functions read the local zone.
process.env.TZ = 'UTC';
const work = mkdtempSync(join(tmpdir(), 'synth-fuzz-'));
process.chdir(work);
const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { dir: work } });
watchdog.unref();
// Ctrl-C reaches the whole process group: the runner decides when to stop, and this child goes when it disconnects.
process.on('SIGINT', () => {});
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

process.on('message', (m: { id: number; text: string; cli?: boolean; stackAfterMs?: number; validateComplete?: boolean }) => {
  if (m.stackAfterMs !== undefined) watchdog.postMessage({ id: m.id, after: m.stackAfterMs });
  // The stage goes to the parent as it starts: a case that hangs cannot say where it hangs afterwards.
  const onStage = (stage: string) => process.send!({ id: m.id, stage });
  void (m.cli ? runCliCase(m.text, join(work, 'case'), onStage) : runFuzzCase(m.text, join(work, 'case'), onStage, { validateComplete: m.validateComplete === true })).then((result) => {
    watchdog.postMessage({ id: m.id, done: true });
    return result;
  }).then((result) => process.send!({ id: m.id, result }));
});
