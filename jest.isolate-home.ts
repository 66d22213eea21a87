/**
 * Every test worker gets its own HOME and XDG_* folders before any test runs, so neither in-process commands nor
 * the bins tests spawn (which inherit this environment) can read or write the developer's real files: state
 * database, config, caches. npm keeps the real cache (it is a download cache, not the user's data), so the
 * tarball-install test does not download every package again.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = mkdtempSync(join(tmpdir(), 'synth-test-home-'));
process.env.npm_config_cache ??= join(homedir(), '.npm');
process.env.HOME = join(root, 'home');
process.env.XDG_DATA_HOME = join(root, 'data');
process.env.XDG_CONFIG_HOME = join(root, 'config');
process.env.XDG_CACHE_HOME = join(root, 'cache');
process.env.XDG_STATE_HOME = join(root, 'state');
for (const dir of ['home', 'data', 'config', 'cache', 'state']) mkdirSync(join(root, dir));
