import { writeFileSync } from 'node:fs';
import { fakerCatalogueCode } from './faker-catalogue-data.js';

writeFileSync(new URL('../src/validate/faker-catalogue.generated.ts', import.meta.url), fakerCatalogueCode());
