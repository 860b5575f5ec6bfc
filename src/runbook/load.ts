// Reads a runbook file. Operator mistakes (missing file, a directory, binary data) are
// UserErrors; problems inside the file are diagnostics on the parsed Runbook.
import { readFile, stat } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { Runbook } from './model.js';
import { parseRunbook } from './parse.js';

/** Files larger than this are refused rather than parsed (a runbook is text for people). */
export const MAX_RUNBOOK_BYTES = 64 * 1024 * 1024;

export async function loadRunbook(file: string): Promise<Runbook> {
  return (await readRunbook(file)).runbook;
}

/** The runbook and the exact bytes it was parsed from (a session copies and hashes those). */
export async function readRunbook(file: string): Promise<{ runbook: Runbook; bytes: Buffer }> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`runbook not found: ${file}`, 'check the path');
    if (code === 'EACCES') throw new UserError(`cannot read ${file}: permission denied`, 'check the file permissions');
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (info.isDirectory()) throw new UserError(`${file} is a directory, not a runbook`, 'pass the .md file inside it');
  if (!info.isFile()) throw new UserError(`${file} is not a regular file`, 'pass a markdown runbook');
  if (info.size > MAX_RUNBOOK_BYTES) {
    throw new UserError(`${file} is ${Math.round(info.size / 1048576)} MB, more than a runbook should be`, `split it into files under ${MAX_RUNBOOK_BYTES / 1048576} MB`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new UserError(`cannot read ${file}: permission denied`, 'check the file permissions');
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return { runbook: parseRunbook(bytes, file), bytes };
}
