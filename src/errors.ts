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

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** Human-readable message of any thrown value, for the one-line error path. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
