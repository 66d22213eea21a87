import { writeFileSync } from 'node:fs';
import { fewShotCode } from './few-shot-code.js';

writeFileSync(new URL('../src/few-shot.generated.ts', import.meta.url), fewShotCode());
