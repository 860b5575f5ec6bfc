// Byte strings (latin1: one char per byte, as the redactor and spool take them) to text.
// Most command output is ASCII, which is already its own text: it is passed on as is
// rather than copied into a Buffer and decoded into a second string of the same size.
import { StringDecoder } from 'node:string_decoder';

const NON_ASCII = /[\x80-\xff]/;

/** A whole byte string as UTF-8 text. */
export function utf8(bytes: string): string {
  return NON_ASCII.test(bytes) ? Buffer.from(bytes, 'latin1').toString('utf8') : bytes;
}

/** Decodes a stream of byte strings; a character split between two of them comes out whole. */
export class ByteDecoder {
  private readonly decoder = new StringDecoder('utf8');
  /** The decoder may hold the first bytes of a character (the last byte given was not ASCII). */
  private holding = false;

  write(bytes: string): string {
    if (bytes.length === 0) return '';
    if (!this.holding && !NON_ASCII.test(bytes)) return bytes;
    this.holding = bytes.charCodeAt(bytes.length - 1) >= 0x80;
    return this.decoder.write(Buffer.from(bytes, 'latin1'));
  }

  end(): string {
    this.holding = false;
    return this.decoder.end();
  }
}
