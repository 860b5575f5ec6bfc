// A command can print millions of lines, and every chunk of them is garbage a moment later.
// Left to itself V8 answers a high allocation rate by growing the young generation (to
// 2 x 16 MiB) and lets the old one fill to several times what is live before collecting
// it, so the process grew with the output however little of it was kept. From the first
// command on, the young generation stays the size it has, the old generation is collected
// when it grows by a tenth over what survived the last collection, and V8 favours memory
// over speed where it has the choice (--optimize-for-size).
//
// Set when a command starts, not at process start: the first frame needs the room, and a
// rehearsal (which writes the build's V8 code cache, whose check covers the V8 flags)
// never gets here.
import { setFlagsFromString } from 'node:v8';

let applied = false;

export function limitHeapGrowth(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=10');
  setFlagsFromString('--optimize-for-size');
}
