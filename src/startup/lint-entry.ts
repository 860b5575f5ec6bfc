// Entry of dist/lint.cjs: the CLI as bin/flightdeck.js runs it for `lint <file> [--json]`,
// compiled with V8's code cache (scripts/build.mjs). The build stubs out every other
// command and commander in this bundle; `simpleLint` is how bin/flightdeck.js checks
// that the command line is one this bundle handles before running it.
export { runCli } from '../cli.js';
export { simpleLint } from './simple-argv.js';
