// @ts-check
/**
 * An example synth plugin (docs/plugins.md): a generator of IBANs with valid ISO 13616 check digits, and a
 * fixed-width text writer. Plain JavaScript with JSDoc types, so it runs without a build step.
 *
 * @typedef {import('@synth/compiler').SynthPlugin} SynthPlugin
 * @typedef {import('@synth/compiler').GeneratorCell} GeneratorCell
 */

/** Each country's BBAN as runs of digits (n) and upper-case letters (a), after ISO 13616's registry. */
const BBAN = {
  DE: [['n', 18]],
  AT: [['n', 16]],
  CH: [['n', 17]],
  NL: [['a', 4], ['n', 10]],
  GB: [['a', 4], ['n', 14]],
  FR: [['n', 23]],
  ES: [['n', 20]],
  IT: [['a', 1], ['n', 22]],
  BE: [['n', 12]],
};
const COUNTRIES = Object.keys(BBAN);
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The two check digits of an IBAN: 98 - (BBAN + country + "00", letters as 10..35) mod 97. */
export function checkDigits(country, bban) {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return String(98 - rest).padStart(2, '0');
}

/** True when an IBAN's check digits are right (what banks verify first). */
export function isValidIban(iban) {
  const s = iban.replace(/ /g, '');
  return /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s) && checkDigits(s.slice(0, 2), s.slice(4)) === s.slice(2, 4);
}

/** @type {SynthPlugin} */
const plugin = {
  apiVersion: 1,
  name: 'iban',
  generators: {
    iban: {
      type: 'string',
      description: 'An IBAN with valid check digits; options: country (DE, AT, CH, NL, GB, FR, ES, IT, BE; default DE), spaced (groups of four).',
      checkOptions(options) {
        const problems = [];
        for (const key of Object.keys(options)) if (key !== 'country' && key !== 'spaced') problems.push(`unknown option '${key}' (iban/iban reads country, spaced)`);
        if (options.country !== undefined && !COUNTRIES.includes(/** @type {string} */ (options.country))) problems.push(`country must be one of ${COUNTRIES.join(', ')}`);
        if (options.spaced !== undefined && typeof options.spaced !== 'boolean') problems.push('spaced must be true or false');
        return problems;
      },
      create(options) {
        const country = /** @type {keyof typeof BBAN} */ (options.country ?? 'DE');
        const spaced = options.spaced === true;
        /** @param {GeneratorCell} cell */
        return ({ random }) => {
          let bban = '';
          for (const [kind, n] of BBAN[country]) {
            for (let i = 0; i < n; i++) bban += kind === 'n' ? String(random.int(0, 9)) : LETTERS[random.int(0, 25)];
          }
          const iban = `${country}${checkDigits(country, bban)}${bban}`;
          return spaced ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban;
        };
      },
    },
  },
  writers: {
    'fixed-width': {
      extension: 'txt',
      optionKeys: ['width'],
      create(sink, { options }) {
        const width = typeof options.width === 'number' ? options.width : 24;
        /** @type {import('@synth/compiler').TableInfo | undefined} */
        let table;
        const cell = (text) => (text.length > width ? text.slice(0, width) : text.padEnd(width));
        const text = (v, type) => (v === null ? '' : (type === 'date' || type === 'datetime') && typeof v === 'number' ? new Date(v).toISOString().slice(0, type === 'date' ? 10 : 19) : String(v));
        return {
          async startTable(info) {
            table = info;
            await sink.write(`${info.columns.map((c) => cell(c.name)).join(' ').trimEnd()}\n`);
          },
          async writeBatch(batch) {
            let out = '';
            for (let r = 0; r < batch.rowCount; r++) {
              out += `${batch.columns.map((col, k) => cell(text(col[r] ?? null, table?.columns[k]?.type))).join(' ').trimEnd()}\n`;
            }
            await sink.write(out);
          },
          async endTable() {},
          async finish() {},
        };
      },
    },
  },
};

export default plugin;
