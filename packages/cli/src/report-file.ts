import { resolve, relative } from 'node:path';
import { AtomicFile, renderHtmlReport, type ConformanceReport, type Plan } from '@synth/compiler';

/** Writes the HTML report atomically; returns the path as the user should see it. */
export async function writeReportFile(cwd: string, path: string, input: { title: string; seed: string; plan: Plan; report: ConformanceReport }): Promise<string> {
  const target = resolve(cwd, path);
  const file = await new AtomicFile(target).open();
  try {
    await file.write(renderHtmlReport(input));
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
  return relative(cwd, target) || target;
}
