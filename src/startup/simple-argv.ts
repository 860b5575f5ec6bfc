// The one command line that skips commander: `flightdeck lint <file> [--json]`, the
// form scripts and CI run most. Anything else (help, other options, extra arguments,
// a file name starting with '-') returns undefined and goes through commander, so
// its usage errors and help stay exactly commander's.

export interface SimpleLint {
  file: string;
  json: boolean;
}

/** argv as in process.argv: [node, script, ...args]. */
export function simpleLint(argv: readonly string[]): SimpleLint | undefined {
  const args = argv.slice(2);
  if (args[0] !== 'lint' || args.length < 2 || args.length > 3) return undefined;
  let file: string | undefined;
  let json = false;
  for (const arg of args.slice(1)) {
    if (arg === '--json' && !json) json = true;
    else if (!arg.startsWith('-') && file === undefined) file = arg;
    else return undefined;
  }
  return file === undefined ? undefined : { file, json };
}
