#!/usr/bin/env node
// Expressions' calendar functions without a zone (CEL's getDayOfYear(), for one) read the process's local zone
// in the library we use; outputs must not depend on the machine, so the CLI always runs in UTC.
process.env.TZ = 'UTC';
const { main } = await import('./main.js');

process.exitCode = await main(process.argv.slice(2));
