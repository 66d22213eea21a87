import { OUTPUT_NAME_MAX_BYTES, OUTPUT_PATH_MAX_BYTES } from '../generation-limits.js';

/**
 * Whether the file system can take `path` as a file name, checked before anything is written: a NUL byte made
 * Node throw from deep inside the writer (SYN499), an over-long name failed half-way through a build. Control
 * characters are refused too: no OS needs them, and a newline in a file name is always a mistake.
 * Characters only Windows refuses (`<>:"|?*`) are left alone: they are valid where synth mostly runs.
 */
export function outputPathProblem(path: string): string | undefined {
  const control = /[\u0000-\u001f\u007f]/.exec(path);
  if (control) {
    const code = control[0].charCodeAt(0);
    const name = code === 0 ? 'a NUL byte' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `it contains ${name} (at character ${control.index + 1}), which no file name may hold`;
  }
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > OUTPUT_PATH_MAX_BYTES) {
    return `it is ${bytes.toLocaleString('en-US')} bytes long; the limit is ${OUTPUT_PATH_MAX_BYTES.toLocaleString('en-US')}`;
  }
  for (const name of path.split(/[\\/]/)) {
    const n = Buffer.byteLength(name, 'utf8');
    if (n > OUTPUT_NAME_MAX_BYTES) {
      return `a file or folder name in it is ${n.toLocaleString('en-US')} bytes long; the limit is ${OUTPUT_NAME_MAX_BYTES}`;
    }
  }
  return undefined;
}
