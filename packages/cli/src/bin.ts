#!/usr/bin/env node
// Expressions' calendar functions without a zone (CEL's getDayOfYear(), for one) read the process's local zone
// in the library we use; outputs must not depend on the machine, so the CLI always runs in UTC.
process.env.TZ = 'UTC';
const { installSignalHandlers } = await import('./interrupt.js');
const signalled = installSignalHandlers();
const { main } = await import('./main.js');

const status = await main(process.argv.slice(2));
const interrupted = signalled();
// An interrupted build has cleaned up; exit now rather than wait for anything still winding down.
if (interrupted !== undefined) process.exit(interrupted);
process.exitCode = status;
