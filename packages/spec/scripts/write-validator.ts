import { writeFileSync } from 'node:fs';
import { schemaModuleCode, validatorCode } from './validator-code.js';

writeFileSync(new URL('../src/validate/schema-validator.generated.ts', import.meta.url), validatorCode());
writeFileSync(new URL('../src/validate/schema-json.generated.ts', import.meta.url), schemaModuleCode());
