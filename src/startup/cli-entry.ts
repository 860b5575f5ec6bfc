// Entry of dist/cli.cjs: the whole CLI, which bin/flightdeck.js runs for every command
// line but the plain `lint <file> [--json]` (dist/lint.cjs), compiled with V8's code cache
// (scripts/build.mjs).
export { runCli } from '../cli.js';
