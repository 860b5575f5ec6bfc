// The CLI entry. This is the one place that sets process.exitCode; command handlers
// return an exit code or throw. Handlers load lazily so that `lint` never pulls in Ink,
// React or the Azure SDKs, and the plain `lint <file> [--json]` form does not load
// commander either (start-up time: see src/startup/simple-argv.ts).
import type { Command } from 'commander';
import type { SessionMode } from './session/audit-event.js';
import { ExitCode, ioUserError, messageOf } from './errors.js';
import { simpleLint } from './startup/simple-argv.js';
import { printable } from './text/printable.js';
import { VERSION } from './version.js';
import type { RunOptions } from './commands/walk.js';

type Commander = typeof import('commander');

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram({ Command, Option }: Commander, done: (code: Promise<number>) => void): Command {
  const program = new Command('flightdeck')
    .description('Terminal runbook assistant for production deployments')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run flightdeck --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(printable(s)) });

  const setOption = () =>
    new Option('--set <NAME=value>', 'supply a runbook parameter (repeatable)').argParser(collect).default([]);

  // run and rehearse walk the same way; only the mode differs
  const walk = (name: string, mode: SessionMode, description: string): void => {
    program
      .command(name)
      .description(description)
      .argument('<runbook>', 'markdown runbook')
      .addOption(setOption())
      .option('--non-interactive', 'run without the TUI; stop with exit 4 at the first step that needs a person')
      .option('--quiet', 'with --non-interactive: one line per step, without its commands and output')
      .option('--simulate', mode === 'run' ? 'refused: a real run never judges gates on simulated metrics (use rehearse --simulate)' : 'use simulated metrics instead of Azure')
      .option('--actor <name>', 'who is operating (default: settings, then the OS user)')
      .option('--tenant <id>', 'Azure tenant to sign in to (a real run proves the login before it starts)')
      .action((file: string, opts: RunOptions) =>
        done(import('./commands/walk.js').then((m) => m.walkCommand(mode, file, opts))),
      );
  };
  walk('run', 'run', 'walk a runbook for real: commands run after you approve them');
  walk('rehearse', 'rehearsal', 'dry run: walk a runbook with nothing executed');

  program
    .command('lint')
    .description('parse a runbook and report its steps, commands, checks and problems')
    .argument('<runbook>', 'markdown runbook')
    .option('--json', 'print the stable JSON summary')
    .option('--fix-encoding', 'write a copy with damaged text (mojibake) repaired next to the runbook: <name>.utf8.md')
    .action((file: string, opts: { json?: boolean; fixEncoding?: boolean }) =>
      done(import('./commands/lint.js').then((m) => m.lintCommand(file, opts))),
    );

  program
    .command('sessions')
    .description('list sessions, newest first')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      done(import('./commands/sessions.js').then((m) => m.sessionsCommand(opts))),
    );

  program
    .command('resume')
    .description('continue an unfinished session')
    .argument('[session-id]', 'session to resume (default: the newest unfinished)')
    .addOption(setOption())
    .option('--actor <name>', 'who is operating')
    .option('--non-interactive', 'continue without the TUI; stop with exit 4 at the first step that needs a person')
    .option('--quiet', 'with --non-interactive: one line per step, without its commands and output')
    .option('--tenant <id>', 'Azure tenant to sign in to')
    .action((id: string | undefined, opts: import('./commands/resume.js').ResumeCommandOptions) =>
      done(import('./commands/resume.js').then((m) => m.resumeCommand(id, opts))),
    );

  program
    .command('export')
    .description('write the evidence pack of a session')
    .argument('<session-id>', 'session to export')
    .option('--out <path>', 'output .tar.gz file or directory')
    .option('--force', 'overwrite an existing output')
    .action((id: string, opts: { out?: string; force?: boolean }) =>
      done(import('./commands/export.js').then((m) => m.exportCommand(id, opts))),
    );

  program
    .command('verify')
    .description('check an audit log or evidence pack for tampering')
    .argument('<path>', 'audit.jsonl, pack.tar.gz or pack directory')
    .action((path: string) => done(import('./commands/verify.js').then((m) => m.verifyCommand(path))));

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  let commander: Commander | undefined;
  try {
    const lint = simpleLint(argv);
    if (lint) {
      const { lintCommand } = await import('./commands/lint.js');
      process.exitCode = await lintCommand(lint.file, { json: lint.json });
      return;
    }
    commander = await import('commander');
    let pending: Promise<number> | undefined;
    const program = buildProgram(commander, (p) => {
      pending = p;
    });
    await program.parseAsync(argv);
    if (!pending) {
      process.exitCode = ExitCode.ok;
      return;
    }
    // Nothing left to run while the command has not answered (a promise nobody will
    // settle) must not end as success: that would tell CI a step it never saw passed.
    const stalled = (): void => {
      process.stderr.write('flightdeck: internal error (a bug): the command stopped without finishing\nPlease report it; rerun with FLIGHTDECK_DEBUG=1 for the stack trace.\n');
      process.exitCode = ExitCode.failed;
    };
    process.once('beforeExit', stalled);
    try {
      process.exitCode = await pending;
    } finally {
      process.removeListener('beforeExit', stalled);
    }
  } catch (err) {
    process.exitCode = reportError(err, commander);
  }
}

function reportError(err: unknown, commander: Commander | undefined): number {
  if (commander && err instanceof commander.CommanderError) {
    // help and version "errors" are successful exits
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.ok;
    }
    return ExitCode.usage;
  }
  const user = ioUserError(err);
  if (user) {
    process.stderr.write(printable(user.toLine()) + '\n');
    const stack = user.cause instanceof Error ? user.cause.stack : user.stack;
    if (process.env.FLIGHTDECK_DEBUG === '1' && stack) process.stderr.write(stack + '\n');
    return user.exitCode;
  }
  const detail = process.env.FLIGHTDECK_DEBUG === '1' && err instanceof Error && err.stack ? err.stack : messageOf(err);
  process.stderr.write(
    printable(`flightdeck: internal error (a bug): ${detail}\nPlease report it; rerun with FLIGHTDECK_DEBUG=1 for the stack trace.\n`),
  );
  return ExitCode.failed;
}
