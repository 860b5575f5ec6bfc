// Typed errors. A UserError is something the operator can fix: it prints as one line
// with a next step. Anything else is a bug and is reported as one.

export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  tampered: 3,
  needsPerson: 4,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly next?: string,
    readonly exitCode: ExitCode = ExitCode.usage,
  ) {
    super(message);
  }

  /** One line for stderr: what is wrong, then what to do next. */
  toLine(): string {
    return this.next ? `flightdeck: ${this.message}; ${this.next}` : `flightdeck: ${this.message}`;
  }
}

/**
 * `run --simulate`: a real run changes production, and a gate judged on invented numbers would
 * let it go on as if the canary were healthy. Simulated metrics are for practice only.
 */
export class SimulatedRunRefused extends UserError {
  constructor(file: string) {
    super(
      'run --simulate is refused: a real run judges its gates on real metrics, never on simulated ones',
      `practise the runbook with simulated metrics with \`flightdeck rehearse ${file} --simulate\` (nothing is executed)`,
    );
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** Human-readable message of any thrown value, for the one-line error path. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** What an errno says about the disk or the path, for the one-line message. */
const IO_PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on',
  EDQUOT: 'disk quota exceeded on',
  EIO: 'input/output error on',
  EROFS: 'read-only file system at',
  EACCES: 'permission denied on',
  EPERM: 'operation not permitted on',
  ENOTDIR: 'not a directory on the way to',
  EISDIR: 'a directory where a file was expected:',
  EMFILE: 'too many open files (at',
  ENAMETOOLONG: 'name too long:',
};

/**
 * A file system error as a user error with a next step (disk full, no permission...), or
 * undefined when `err` is not one. `sessionId`: the session that can be resumed afterwards.
 */
export function ioUserError(err: unknown, sessionId?: string): UserError | undefined {
  if (isUserError(err)) return err;
  const e = err as (NodeJS.ErrnoException & { path?: string }) | undefined;
  const code = e?.code;
  if (typeof code !== 'string' || !(code in IO_PROBLEMS)) return undefined;
  const what = `${IO_PROBLEMS[code]} ${e?.path ?? 'a file flightdeck writes'}${code === 'EMFILE' ? ')' : ''}`;
  const then = sessionId ? `\`flightdeck resume ${sessionId}\`` : 'try again';
  const next =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `free space and ${then}`
      : code === 'EIO'
        ? `check the disk, then ${then}`
        : `fix the path or its permissions (or point FLIGHTDECK_HOME elsewhere), then ${then}`;
  const user = new UserError(what, next, ExitCode.usage);
  user.cause = err; // FLIGHTDECK_DEBUG prints where it came from
  return user;
}
