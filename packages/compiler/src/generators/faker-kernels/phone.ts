import { asStrings, isPlainObject, type KernelBuilder } from './context.js';
import { indexOf } from './pick.js';
import { phoneFormat } from './symbols.js';

const STYLES = ['human', 'national', 'international', 'mobile'];

export const phoneKernels: Record<string, KernelBuilder> = {
  /** `phone.number({ style? })`: one of the style's formats, `#` a digit and `!` 2–9. */
  'phone.number': (ctx, args) => {
    let style: unknown = 'human';
    if (args.length === 1 && isPlainObject(args[0]) && Object.keys(args[0]).every((k) => k === 'style')) style = args[0].style ?? 'human';
    else if (args.length !== 0) return undefined;
    if (typeof style !== 'string' || !STYLES.includes(style)) return undefined;
    const formats = asStrings(ctx.definition(`phone_number.format.${style}`));
    if (!formats || formats.length === 0) return undefined;
    const kernels = formats.map(phoneFormat);
    if (kernels.length === 1) return kernels[0];
    const n = kernels.length;
    return (rng) => kernels[indexOf(rng, n)]!(rng);
  },
};
