export { main, type MainOptions } from './main.js';
export { STARTER_SPEC } from './commands/init.js';
