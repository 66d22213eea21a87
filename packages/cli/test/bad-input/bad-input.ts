/**
 * The bad-input catalogue (issue 14): every way a user or an attacker can feed synth a bad input, each with the
 * diagnostic code and exit status it must produce, and the promise that nothing is written. Cases live in
 * `*.cases.ts` files beside this one (one per area: flags, spec numbers, limits, paths, config, samples, …);
 * `bad-input.test.ts` runs them all.
 */
export interface BadInput {
  /** What the user did, in words (the test's name). */
  name: string;
  /** The synth arguments. The command runs in a fresh temp directory holding `files`; paths are relative to it. */
  args: string[];
  /** Files to create in that directory first (spec, config file, samples): path → content. */
  files?: Record<string, string | Buffer>;
  /** Environment variables besides the isolated HOME and XDG_* folders. */
  env?: Record<string, string>;
  /** The diagnostic code that must appear in the output (e.g. 'SYN204'). */
  code: `SYN${number}`;
  /** The exit status: 1 for a bad spec or data, 2 for a bad command line. */
  exit: 1 | 2;
  /** Text that must appear in the output too (e.g. the flag named in the hint). */
  mentions?: string[];
}
