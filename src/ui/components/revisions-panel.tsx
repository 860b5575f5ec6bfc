// The revisions panel: the container app the runbook's parameters name, each revision's
// name, active state, traffic weight, replicas, health and provisioning state, created time
// and image. Read at once and again at most every 10 s while open (src/azure/revisions-feed.ts);
// a read in flight shows a turning mark and its time, a failed read keeps the last table
// with its age and says, in one line, what to do.
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { wrapColumns } from './output-tail.js';
import { ageText } from '../../metrics/metric-source.js';
import type { RevisionInfo } from '../../azure/container-apps.js';
import { PANEL_POLL_MS, RevisionsFeed, type ContainerAppView, type FeedState } from '../../azure/revisions-feed.js';
import { useKeys } from '../hooks/use-keys.js';
import { useNow } from '../hooks/use-now.js';
import { promptKey } from '../keymap.js';

interface Props {
  view: ContainerAppView;
  width: number;
  height: number;
  onClose: () => void;
  /** Between reads (default: the feed's 10 s). */
  pollMs?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const COLUMNS: { title: string; width: number; cell: (r: RevisionInfo, latest: string | undefined) => string }[] = [
  { title: 'REVISION', width: 0, cell: (r, latest) => `${r.name}${r.name === latest ? ' *' : ''}` },
  { title: 'ACTIVE', width: 8, cell: (r) => (r.active ? 'active' : 'inactive') },
  { title: 'TRAFFIC', width: 8, cell: (r) => `${r.trafficWeight}%` },
  { title: 'REPLICAS', width: 9, cell: (r) => String(r.replicas ?? 0) },
  { title: 'HEALTH', width: 10, cell: (r) => r.health ?? '?' },
  { title: 'PROVISIONING', width: 13, cell: (r) => r.provisioning ?? '?' },
  { title: 'CREATED', width: 17, cell: (r) => (r.createdAt ? r.createdAt.slice(0, 16).replace('T', ' ') : '?') },
  { title: 'IMAGE', width: 0, cell: (r) => r.image ?? '?' },
];

function fit(text: string, width: number): string {
  return text.length > width - 1 ? `${text.slice(0, Math.max(0, width - 2))}… ` : text.padEnd(width);
}

function row(cells: string[], nameWidth: number): string {
  return cells.map((c, i) => (i === cells.length - 1 ? c : fit(c, i === 0 ? nameWidth : (COLUMNS[i]?.width ?? 8)))).join('');
}

function tone(r: RevisionInfo): 'red' | 'yellow' | undefined {
  if (r.provisioning === 'Failed' || r.health === 'Unhealthy') return 'red';
  if (r.active && (r.provisioning === 'Provisioning' || r.health === 'None')) return 'yellow';
  return undefined;
}

export function RevisionsPanel({ view, width, height, onClose, pollMs }: Props) {
  const [feed, setFeed] = useState<FeedState>({ loading: true });
  const { apps, target } = view;
  // the same app named by a new object (every snapshot) keeps its feed
  const { subscription, resourceGroup, app } = target;
  useEffect(() => {
    const f = new RevisionsFeed(apps, { subscription, resourceGroup, app }, setFeed, pollMs !== undefined ? { pollMs } : {});
    f.start();
    return () => f.stop();
  }, [apps, subscription, resourceGroup, app, pollMs]);
  useKeys((input, key) => {
    if (promptKey(input, key) === 'back' || input === 'r' || input === 'q') onClose();
  });
  // ticks while a read is in flight (the mark turns) and for the age of the table
  const now = useNow(feed.loading ? 150 : 1000);
  const snap = feed.snapshot;
  const status = feed.loading
    ? `${SPINNER[Math.floor(now / 150) % SPINNER.length] ?? '·'} reading…${feed.since !== undefined && now - feed.since >= 1000 ? ` ${Math.floor((now - feed.since) / 1000)} s` : ''}`
    : feed.readAt !== undefined
      ? ageText(Math.max(0, now - feed.readAt))
      : '';
  const nameWidth = Math.max(12, Math.min(40, ...(snap?.revisions ?? []).map((r) => r.name.length + 4)));
  const rows = snap?.revisions ?? [];
  const problem = feed.error ? `⚠ ${feed.error}${snap ? ' (the table is the last good read)' : ''}` : undefined;
  // the whole line, wrapped at words (what to do is at its end), in at most 4 rows
  const cut = problem ? wrapColumns(problem, width).length : 0;
  const problemRows = cut > 1 ? Math.min(4, cut + 1) : cut;
  const room = Math.max(1, height - 4 - Math.max(1, problemRows));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text bold wrap="truncate-end">
            Revisions of {target.app} in {target.resourceGroup}
            {view.simulated ? ' (simulated)' : ` · subscription ${target.subscription}`}
          </Text>
        </Box>
        <Box flexShrink={0} paddingLeft={1}>
          <Text color={feed.loading ? 'cyan' : undefined} dimColor={!feed.loading}>
            {status}
          </Text>
        </Box>
      </Box>
      {problem ? (
        <Box height={problemRows} overflow="hidden" flexShrink={0}>
          <Text color="red" wrap="wrap">
            {problem}
          </Text>
        </Box>
      ) : null}
      {snap ? (
        <>
          <Text dimColor wrap="truncate-end">
            {row(COLUMNS.map((c) => c.title), nameWidth)}
          </Text>
          {rows.slice(0, room).map((r) => (
            <Text key={r.name} wrap="truncate-end" {...(tone(r) ? { color: tone(r) } : {})} bold={r.trafficWeight > 0}>
              {row(COLUMNS.map((c) => c.cell(r, snap.latestRevision)), nameWidth)}
            </Text>
          ))}
          {rows.length > room ? <Text dimColor>+{rows.length - room} more</Text> : null}
          {rows.length === 0 ? <Text dimColor>no revisions</Text> : null}
        </>
      ) : feed.error ? null : (
        <Text dimColor>asking Azure for the revisions…</Text>
      )}
      <Text dimColor wrap="truncate-end">
        * latest revision · bold: takes traffic · refreshed every {Math.max(1, Math.round((pollMs ?? PANEL_POLL_MS) / 1000))} s while open · r or Esc closes
      </Text>
    </Box>
  );
}
