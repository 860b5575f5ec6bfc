// Pure screen arithmetic: how many rows and columns each pane gets. Kept apart from the
// components so that every terminal size, including absurd ones, is easy to test.

export interface Layout {
  compact: boolean;
  columns: number;
  /** Rows the app draws: one less than the terminal, so Ink never clears the whole screen per frame. */
  height: number;
  headerRows: number;
  /** 0 when the list is hidden (compact). */
  listWidth: number;
  detailWidth: number;
  /** Rows between header and status bar. */
  bodyRows: number;
  /** Rows of the live output pane (0 when nothing runs), taken from the bottom of the detail side. */
  liveRows: number;
  /** Rows left for the step detail (or a prompt) above the live pane. */
  detailRows: number;
}

export const MIN_FULL_COLUMNS = 80;
export const MIN_FULL_ROWS = 24;

export function computeLayout(columns: number, rows: number, opts: { live: boolean }): Layout {
  const cols = Math.max(20, columns);
  const compact = columns < MIN_FULL_COLUMNS || rows < MIN_FULL_ROWS;
  const height = Math.max(4, rows - 1);
  const headerRows = compact ? 1 : 2;
  // header, then body, then one message line and the status bar
  const bodyRows = Math.max(1, height - headerRows - 2);
  const listWidth = compact ? 0 : Math.min(48, Math.max(28, Math.floor(cols * 0.34)));
  // the list is followed by a 3-column gutter " │ "
  const detailWidth = Math.max(10, compact ? cols : cols - listWidth - 3);
  let liveRows = 0;
  if (opts.live) liveRows = bodyRows >= 8 ? Math.max(4, Math.floor(bodyRows / 2)) : Math.max(1, bodyRows - 2);
  const detailRows = Math.max(1, bodyRows - liveRows);
  return { compact, columns: cols, height, headerRows, listWidth, detailWidth, bodyRows, liveRows, detailRows };
}

/**
 * `total` rows shared between parts that need `needs` rows each: no part gets more than it
 * needs, and what a small part leaves over goes to the bigger ones (so a one-line expectation
 * leaves the output its rows, and a long one cannot push the output off the screen).
 */
export function shareRows(needs: readonly number[], total: number): number[] {
  const given = needs.map(() => 0);
  let left = Math.max(0, total);
  let open = needs.map((_, i) => i).filter((i) => (needs[i] ?? 0) > 0);
  while (left > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      if (left === 0) break;
      const add = Math.min(share, (needs[i] ?? 0) - (given[i] ?? 0), left);
      given[i] = (given[i] ?? 0) + add;
      left -= add;
    }
    open = open.filter((i) => (given[i] ?? 0) < (needs[i] ?? 0));
  }
  return given;
}
