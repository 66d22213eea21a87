import { synthJsonSchema } from '@synth/spec';
import { EXIT, type CommandContext } from '../context.js';

/** `synth schema`: the JSON Schema of the spec format, for editors (yaml-language-server) and tools. */
export function schemaCommand(ctx: CommandContext): number {
  ctx.io.stdout(`${JSON.stringify(synthJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
