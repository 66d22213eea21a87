/** Scripted model replies shared by the author tests: a valid draft, and broken ones with known diagnostics. */

export const VALID_SPEC = {
  synth: 1,
  seed: 7,
  description: 'Customers and their orders',
  tables: {
    customers: {
      rows: 20,
      columns: {
        id: { type: 'sequence', primary_key: true },
        name: { type: 'person.fullName' },
        country: { type: 'enum', values: { US: 60, DE: 40 } },
      },
    },
    orders: {
      rows: { per: 'customers', count: { min: 0, max: 3 } },
      columns: {
        id: { type: 'uuid', primary_key: true },
        customer_id: { ref: 'customers.id' },
        amount: { type: 'decimal', scale: 2, min: 1, max: 500 },
      },
    },
  },
  outputs: [{ format: 'csv', path: 'out/{table}.csv' }],
};

export function envelope(spec: unknown, extra: { questions?: unknown[]; assumptions?: string[] } = {}) {
  return { spec, questions: extra.questions ?? [], assumptions: extra.assumptions ?? [] };
}

/** References an unknown column (SYN302): schema-valid, so the semantic check is what rejects it. */
export const UNKNOWN_COLUMN_SPEC = {
  ...VALID_SPEC,
  tables: {
    ...VALID_SPEC.tables,
    orders: { ...VALID_SPEC.tables.orders, columns: { ...VALID_SPEC.tables.orders.columns, customer_id: { ref: 'customers.uid' } } },
  },
};

/** A unique int over 5 values for 20 rows (SYN307): found only when the plan is made. */
export const TOO_SMALL_UNIQUE_SPEC = {
  ...VALID_SPEC,
  tables: {
    ...VALID_SPEC.tables,
    customers: { ...VALID_SPEC.tables.customers, columns: { ...VALID_SPEC.tables.customers.columns, code: { type: 'int', min: 1, max: 5, unique: true } } },
  },
};
