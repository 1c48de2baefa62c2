export { run } from './run.js';
export { EXIT } from './exit-codes.js';
