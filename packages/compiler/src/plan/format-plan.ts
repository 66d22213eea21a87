import type { Plan, PlannedColumn } from '../types.js';

function describeColumn(c: PlannedColumn): string {
  const parts = [c.generator === 'ref' ? `ref → ${c.references} (${c.refStrategy})` : c.generator];
  if (c.unique) parts.push(`unique by ${c.unique === 'inherent' ? 'construction' : c.unique}`);
  if (c.uniqueGroup !== undefined) parts.push(`unique group ${c.uniqueGroup + 1}`);
  if (c.info.nullable) parts.push('nullable');
  if (c.dependsOn.length) parts.push(`reads ${c.dependsOn.join(', ')}`);
  return parts.join('; ');
}

/** The plan as `synth plan` prints it: tables in generation order, row counts, columns in dependency order. */
export function formatPlan(plan: Plan): string {
  const lines: string[] = [`Plan  seed ${plan.seed}  locale ${plan.locale}`, ''];
  const nameWidth = Math.max(...plan.tables.map((t) => t.name.length), 5);
  lines.push('Tables (generation order):');
  plan.tables.forEach((t, i) => {
    const per = t.perParent ? `  per ${t.perParent.table} row (via ${t.perParent.column})` : '';
    lines.push(`  ${String(i + 1).padStart(2)}. ${t.name.padEnd(nameWidth)}  ${t.rowCount.toLocaleString('en-US').padStart(12)} rows${per}`);
    const colWidth = Math.max(...t.columns.map((c) => c.name.length));
    for (const c of t.columns) lines.push(`        ${c.name.padEnd(colWidth)}  ${c.info.type.padEnd(8)}  ${describeColumn(c)}`);
    t.uniqueGroups.forEach((g, k) => lines.push(`        unique group ${k + 1}: (${g.columns.join(', ')}) by ${g.strategy}${g.retryColumn ? `, redrawing ${g.retryColumn}` : ''}`));
    for (const ch of t.checks) lines.push(`        check: ${ch.expr}`);
  });
  if (plan.edges.length) {
    lines.push('', 'Edges:');
    for (const e of plan.edges) lines.push(`  ${e.from}.${e.column} → ${e.to}  ${e.kind}${e.nullable ? ', nullable' : ''}`);
  }
  lines.push('', 'Outputs:');
  if (plan.outputs.length === 0) lines.push('  (none in the spec: csv under out/ unless --format/--out say otherwise)');
  for (const o of plan.outputs) lines.push(`  ${o.format.padEnd(5)} ${o.path}  [${o.tables.join(', ')}]`);
  return `${lines.join('\n')}\n`;
}
