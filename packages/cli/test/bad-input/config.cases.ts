import type { BadInput } from './bad-input.js';
import { specWith } from './spec.cases.js';

const SPEC = specWith('id: { type: sequence, primary_key: true }');

/** A config file that cannot be used stops every command with exit 2 before anything runs (unknown keys only warn). */
const withConfig = (name: string, file: string, content: string, code: BadInput['code'], mentions: string[] = [], args = ['build', 's.synth.yaml']): BadInput => ({
  name,
  args,
  files: { 's.synth.yaml': SPEC, [file]: content },
  code,
  exit: 2,
  mentions,
});

export const cases: BadInput[] = [
  withConfig('a config file that is not JSON', 'synth.config.json', '{"out": ', 'SYN401', ['synth.config.json']),
  withConfig('a config file with a YAML syntax error', 'synth.config.yaml', 'out: [unclosed\n', 'SYN401', ['synth.config.yaml']),
  withConfig('.synthrc that is neither JSON nor YAML', '.synthrc', 'out: "unterminated\n', 'SYN401'),
  withConfig('a config file that is an array', 'synth.config.json', '[{"out": "o"}]', 'SYN204', ['a mapping of settings']),
  withConfig('a config file that is a string', 'synth.config.yaml', 'just words\n', 'SYN204', ['a mapping of settings']),
  withConfig('a config number of the wrong type (workers: "two")', 'synth.config.json', '{"workers": "two"}', 'SYN204', ["'workers'"]),
  withConfig('a config boolean of the wrong type (conformance: "no")', 'synth.config.json', '{"conformance": "no"}', 'SYN204', ["'conformance'"]),
  withConfig('a config string of the wrong type (out: 3)', 'synth.config.yaml', 'out: 3\n', 'SYN204', ["'out'"]),
  withConfig('a config value outside its choices (logLevel: loud)', 'synth.config.json', '{"logLevel": "loud"}', 'SYN206', ['error, warn, info']),
  withConfig('a config value outside its choices (dialect: oracle)', 'synth.config.json', '{"dialect": "oracle"}', 'SYN206', ['postgres, mysql, sqlite']),
  withConfig('a non-finite config number (workers: .inf)', 'synth.config.yaml', 'workers: .inf\n', 'SYN204', ["'workers'"]),
  withConfig('a broken config file stops validate too', 'synth.config.json', '{"out": ', 'SYN401', [], ['validate', 's.synth.yaml']),
  withConfig('--config naming a file that does not exist', 'unused.json', '{}', 'SYN401', ['missing.json'], ['build', 's.synth.yaml', '--config', 'missing.json']),
];
