import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest';

const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.base.json' });

const config: JestConfigWithTsJest = {
  ...preset,
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/fixtures'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^@synth/(spec|compiler|llm-author|cli)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 60_000,
  // HOME and XDG_* of every worker (and every bin it spawns) point into a temp folder.
  setupFiles: ['<rootDir>/jest.isolate-home.ts'],
};

export default config;
