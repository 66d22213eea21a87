import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest';

const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.base.json' });

const config: JestConfigWithTsJest = {
  ...preset,
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/fixtures'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^@synth/(spec|compiler|llm-author|cli)$': '<rootDir>/packages/$1/src/index.ts',
    '^@synth/compiler/check$': '<rootDir>/packages/compiler/src/build/check-before-build.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60_000,
  // Jest's default on 2 cores is one worker (cores - 1): the files ran one after another. Most of the suite waits on
  // child processes and I/O, so two workers halve the wall time: 8m12s -> 4m47s, 1,305 tests, on this 2-core machine.
  maxWorkers: 2,
  // HOME and XDG_* of every worker (and every bin it spawns) point into a temp folder.
  setupFiles: ['<rootDir>/jest.isolate-home.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest.faker-locales.ts'],
};

export default config;
