/**
 * Resource limits of generation: what one pattern or one expression may cost, and what paths and messages may
 * hold. Each is checked where the input enters (validate for the spec, the run time for values an expression
 * computes) so a hostile or mistaken spec gets a located diagnostic instead of a hang, an out-of-memory crash or
 * an internal error. docs/spec.md "Generation limits" documents each one.
 */

/**
 * Repetitions a pattern's open quantifiers (`*`, `+`, `{n,}`) add at most: `a+` gives 1 to 9 `a`s. Short,
 * readable values rather than randexp's default of 100; also the bound the length limit below counts with.
 */
export const PATTERN_OPEN_REPEAT_MAX = 8;

/** Characters one value generated from a `pattern:` may have at most (e.g. `[a-z]{10001}` is refused). */
export const PATTERN_MAX_LENGTH = 10_000;

/**
 * Pieces (characters, groups, repetitions) the generator may produce for one value of a `pattern:`: bounds the
 * work of nested repetitions of empty or tiny pieces such as `((a{0}){1000}){1000}`, which are short but slow.
 */
export const PATTERN_MAX_STEPS = 100_000;

/** Group nesting of a pattern (`((((a))))` is 4): the generator recurses once per level. */
export const PATTERN_MAX_DEPTH = 100;

/** Characters of an `expr:`, `when:` or check. Expressions are formulas; data belongs in columns. */
export const EXPR_MAX_SOURCE_LENGTH = 10_000;

/**
 * Nesting of an expression: brackets, unary operators and chained operators (`1 + 1 + … + 1` nests once per
 * `+`). Checked before the parser sees the text, so deep nesting cannot exhaust the stack.
 */
export const EXPR_MAX_DEPTH = 100;

/** Characters of any string an expression computes for one row (a `join()`, a `+`, a result). */
export const EXPR_MAX_STRING_LENGTH = 1_000_000;

/** Elements of any list an expression computes for one row (a `map()`, a `filter()`, a `+` of lists). */
export const EXPR_MAX_LIST_LENGTH = 100_000;

/** Loop iterations (elements visited by `map`, `filter`, `all`, `exists`, …) of one expression for one row. */
export const EXPR_MAX_ITERATIONS = 100_000;

/** Bytes of one output path (as UTF-8); Linux refuses longer paths (PATH_MAX). */
export const OUTPUT_PATH_MAX_BYTES = 4096;

/** Bytes of one file or folder name in an output path (as UTF-8); common file systems refuse longer names. */
export const OUTPUT_NAME_MAX_BYTES = 255;

/** Characters of user input quoted in a message before it is cut (`'aaaa…' (100,000 characters)`). */
export const MESSAGE_QUOTE_MAX = 80;

/** Longest input for which "did you mean" looks for a suggestion: far longer than any key, type or name. */
export const SUGGEST_MAX_INPUT = 64;
