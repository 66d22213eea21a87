import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO, runCli, tempDir } from './run-cli.js';

/** Debian's chromium (installed by .ci/run), run headless with no network of its own. */
const CHROMIUM = ['chromium', 'chromium-browser'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);

function chromium(args: string[]): string {
  if (!CHROMIUM) throw new Error('These tests need Debian\'s chromium package (`apt-get install chromium`; .ci/run installs it).');
  return execFileSync(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--proxy-server=127.0.0.1:9', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
}

/** Columns of the report's tables, as `table.column` (from the page itself). */
function chartIds(dom: string): string[] {
  return [...dom.matchAll(/<svg class="chart" data-column="([^"]+)"[^>]*>([\s\S]*?)<\/svg>/g)]
    .filter(([, , body]) => /class="(bar|line)"/.test(body!))
    .map(([, id]) => id!);
}

describe('HTML report', () => {
  it('synth report writes a self-contained page that renders in headless Chromium with every chart', async () => {
    const dir = tempDir();
    const r = await runCli(['report', join(REPO, 'fixtures/iot.synth.yaml'), '--out', 'iot.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('report: iot.html');
    const html = readFileSync(join(dir, 'iot.html'), 'utf8');
    // No network: nothing to fetch, and a policy that forbids fetching.
    expect(html).not.toMatch(/https?:\/\/|<script|src=|href=/i);
    expect(html).toContain("content=\"default-src 'none'");

    const dom = chromium(['--dump-dom', `file://${join(dir, 'iot.html')}`]);
    expect(dom).toContain('<svg class="plan"');
    expect(dom.match(/class="table-node"/g)).toHaveLength(2);
    // Every column of both tables has a chart with marks in it, the series as lines over time.
    expect(chartIds(dom).sort()).toEqual(['devices.id', 'devices.model', 'devices.serial', 'devices.site', 'readings.device_id', 'readings.humidity_pct', 'readings.temperature_c', 'readings.ts'].sort());
    expect(dom).toMatch(/data-column="readings.temperature_c" data-kind="series"/);
    expect(dom).toMatch(/data-column="devices.model" data-kind="bars"/);

    chromium(['--window-size=1400,2400', `--screenshot=${join(dir, 'iot.png')}`, `file://${join(dir, 'iot.html')}`]);
    const png = readFileSync(join(dir, 'iot.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // A blank page compresses to a few kilobytes; charts and text do not.
    expect(statSync(join(dir, 'iot.png')).size).toBeGreaterThan(50_000);
  }, 90_000);

  it('synth build --report writes the page beside the data, histograms over the declared distribution', async () => {
    const dir = tempDir();
    const r = await runCli(['build', join(REPO, 'fixtures/shop.synth.yaml'), '--out', dir, '--allow-outside', '--report', 'shop.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/report: shop\.html\n$/);
    const html = readFileSync(join(dir, 'shop.html'), 'utf8');
    // A lognormal price: the histogram carries the expected counts as a red line.
    expect(html).toMatch(/data-column="products.price" data-kind="histogram"[\s\S]*?class="expected"/);
    expect(html).toContain('red: lognormal(3.2, 0.7)');
    // Same build, same page.
    const again = tempDir();
    await runCli(['build', join(REPO, 'fixtures/shop.synth.yaml'), '--out', again, '--allow-outside', '--report', 'shop.html'], { cwd: again });
    expect(readFileSync(join(again, 'shop.html'), 'utf8')).toBe(html);
    expect(existsSync(join(dir, 'out/shop/orders.csv'))).toBe(true);
  });

  it('refuses --report where there is no conformance check to show', async () => {
    const r = await runCli(['build', join(REPO, 'fixtures/shop.synth.yaml'), '--report', 'x.html', '--no-conformance']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--report');
  });
});
