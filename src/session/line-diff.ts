// A short line diff for "the runbook changed since this session started": common prefix and
// suffix trimmed, an LCS over what remains when it is small, else the middle shown as replaced.

const MAX_LCS_CELLS = 4_000_000;

export function lineDiff(oldText: string, newText: string, maxLines = 40): string {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const out: string[] = [];
  if (midA.length * midB.length <= MAX_LCS_CELLS) {
    lcsDiff(midA, midB, start, out);
  } else {
    midA.forEach((l, i) => out.push(`-${start + i + 1}: ${l}`));
    midB.forEach((l, i) => out.push(`+${start + i + 1}: ${l}`));
  }
  if (out.length > maxLines) {
    const more = out.length - maxLines;
    return [...out.slice(0, maxLines), `... ${more} more changed line${more === 1 ? '' : 's'}`].join('\n');
  }
  return out.join('\n');
}

function lcsDiff(a: string[], b: string[], offset: number, out: string[]): void {
  const n = a.length;
  const m = b.length;
  // lengths of the LCS of a[i..] and b[j..], row-major
  const t = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i * (m + 1) + j] =
        a[i] === b[j]
          ? (t[(i + 1) * (m + 1) + j + 1] as number) + 1
          : Math.max(t[(i + 1) * (m + 1) + j] as number, t[i * (m + 1) + j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < n && (j === m || (t[(i + 1) * (m + 1) + j] as number) >= (t[i * (m + 1) + j + 1] as number))) {
      out.push(`-${offset + i + 1}: ${a[i]}`);
      i++;
    } else {
      out.push(`+${offset + j + 1}: ${b[j]}`);
      j++;
    }
  }
}
