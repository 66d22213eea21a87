// Writes docs/diagnostics.md to stdout: `pnpm docs:diagnostics`.
import { diagnosticsMarkdown } from '../src/diagnostics/diagnostics-doc.js';

process.stdout.write(diagnosticsMarkdown());
