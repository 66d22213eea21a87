import { writeFileSync } from 'node:fs';
import { validatorCode } from './validator-code.js';

writeFileSync(new URL('../src/validate/schema-validator.generated.ts', import.meta.url), validatorCode());
