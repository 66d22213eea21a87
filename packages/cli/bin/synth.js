#!/usr/bin/env node
// The `synth` bin. Runs the CLI from its TypeScript source through tsx's loader, so a workspace checkout
// needs no build step; a packaged release points this at compiled output instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
