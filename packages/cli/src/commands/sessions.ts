import { diag } from '@synth/spec';
import type { SessionRecord } from '@synth/llm-author';
import { authorConfigSection, withAuthorState } from '../author-state.js';
import { reportDiagnostics } from '../diagnostics-out.js';
import { EXIT, type CommandContext } from '../context.js';

/** `synth sessions [ID]`: the author conversations kept in the state file, newest first; one in full. */
export async function sessionsCommand(ctx: CommandContext, args: { id?: string; stateFile?: string; json?: boolean }): Promise<number> {
  const file = authorConfigSection(ctx);
  if (!file) return EXIT.usage;
  return withAuthorState(ctx, args, file, async (store, stateFile) => {
    if (args.id !== undefined) {
      const s = await store.getSession(args.id);
      if (!s) {
        reportDiagnostics(ctx.io, [diag('sessionNotFound', { id: `'${args.id}'` })], ctx.diagnosticsFormat, new Map());
        return EXIT.invalid;
      }
      ctx.io.stdout(args.json ? `${JSON.stringify(s, null, 2)}\n` : describeSession(s));
      return EXIT.ok;
    }
    const list = await store.listSessions();
    if (args.json) ctx.io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    else if (list.length === 0) ctx.io.stdout(`no author sessions in ${stateFile}\n`);
    else for (const s of list) ctx.io.stdout(`${s.id}  ${s.updatedAt.slice(0, 16).replace('T', ' ')}  ${s.status.padEnd(11)}  ${s.output}  ${clip(s.request, 60)}\n`);
    return EXIT.ok;
  }, (stateFile) => {
    if (args.id !== undefined) {
      reportDiagnostics(ctx.io, [diag('sessionNotFound', { id: `'${args.id}'` })], ctx.diagnosticsFormat, new Map());
      return EXIT.invalid;
    }
    ctx.io.stdout(args.json ? '[]\n' : `no author sessions in ${stateFile}\n`);
    return EXIT.ok;
  });
}

function describeSession(s: SessionRecord): string {
  const lines = [
    `session   ${s.id} (${s.kind}, ${s.status})`,
    `request   ${s.request}`,
    `output    ${s.output}${s.from ? ` (from ${s.from})` : ''}`,
    `model     ${s.provider} ${s.model}, prompt v${s.promptVersion}`,
    `started   ${s.createdAt}`,
    `updated   ${s.updatedAt}`,
    `turns     ${s.messages.length} (${s.calls} model replies)`,
    ...s.assumptions.map((a) => `assumes   ${a.text}`),
    `continue  synth author --resume ${s.id}`,
  ];
  return `${lines.join('\n')}\n`;
}

function clip(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
