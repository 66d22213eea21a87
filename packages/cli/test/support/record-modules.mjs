// Preloaded with `node --import` by startup.test.ts: records every module the process loads (ES modules through a
// resolve hook, CommonJS through the require cache) and writes the list to $RECORD_MODULES_OUT at exit.
import { register, createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';

const loaded = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => loaded.add(url));
port1.unref();
register('./record-modules-hooks.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
process.on('exit', () => {
  // Messages posted by the hooks thread before exit have been delivered: each resolve awaits its post.
  for (const id of Object.keys(createRequire(import.meta.url).cache)) loaded.add(id);
  writeFileSync(process.env.RECORD_MODULES_OUT, [...loaded].join('\n'));
});
