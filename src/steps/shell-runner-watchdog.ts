// The watchdog: a small bash process, one per flightdeck process, that ends every command
// flightdeck started once flightdeck is gone, however it went (kill -9 included). It holds
// the read end of a pipe whose only write end is flightdeck's: end of input means
// flightdeck has exited. It runs in its own session (no terminal hang-up reaches it) with
// none of the commands' markers, and is told what only flightdeck knows: the cgroups of
// the blocks and the pids found by ancestry tracking (with their start times, so a reused
// pid is never hit). It then finds the commands' processes the way shell-runner-procs.ts
// does, in bash since flightdeck is not there to do it: cgroup members, tracked pids, the
// environment marker, their process groups and descendants; and sends SIGINT, SIGTERM and
// SIGKILL a second apart, and removes the cgroups.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { MARKER_VAR } from './shell-runner-procs.js';

const SCRIPT = `
trap '' HUP INT
prefix="$1=$2"
tracked=() cgroups=()
while read -r kind a b; do
  case $kind in
    track) tracked+=("$a $b") ;;
    cgroup) cgroups+=("$a") ;;
  esac
done
# End of input: flightdeck has exited.
declare -A ours ppid_of pgrp_of start_of
collect() {
  local d p e rest line env=() found
  ours=() ppid_of=() pgrp_of=() start_of=()
  for d in /proc/[0-9]*; do
    p=\${d#/proc/}
    [[ $p == "$$" ]] && continue
    read -r line 2>/dev/null < "$d/stat" || continue
    rest=\${line##*) }
    set -- $rest
    [[ $1 == [ZX] ]] && continue
    ppid_of[$p]=$2 pgrp_of[$p]=$3 start_of[$p]=\${20}
    mapfile -d '' -t env 2>/dev/null < "$d/environ" || continue
    for e in "\${env[@]}"; do
      [[ $e == "$prefix"* ]] && { ours[$p]=1; break; }
    done
  done
  for e in "\${tracked[@]}"; do
    p=\${e% *}
    [[ \${start_of[$p]} == "\${e#* }" ]] && ours[$p]=1
  done
  for d in "\${cgroups[@]}"; do
    for e in "$d"/*/cgroup.procs; do
      while read -r p; do [[ -n \${ppid_of[$p]} ]] && ours[$p]=1; done < "$e"
    done
  done 2>/dev/null
  local -A groups=()
  for p in "\${!ours[@]}"; do groups[\${pgrp_of[$p]:-x}]=1; done
  found=1
  while ((found)); do
    found=0
    for p in "\${!ppid_of[@]}"; do
      [[ -n \${ours[$p]} ]] && continue
      if [[ -n \${ours[\${ppid_of[$p]}]} || -n \${groups[\${pgrp_of[$p]}]} ]]; then ours[$p]=1; found=1; fi
    done
  done
}
# A pipe nobody writes to: read -t on it waits without starting a process.
exec {tick}<> <(:)
pause() { read -r -t "$1" -u "$tick" _; }
now() { now=\${EPOCHREALTIME/[.,]/}; }
# A second for each signal, measured by the clock: on a loaded machine one pass over /proc is slow.
for sig in INT TERM KILL; do
  collect
  ((\${#ours[@]} == 0)) && break
  if [[ $sig == KILL ]]; then
    for d in "\${cgroups[@]}"; do echo 1 > "$d/cgroup.kill"; done 2>/dev/null
  fi
  kill -s "$sig" "\${!ours[@]}" 2>/dev/null
  now; until=$((now + 1000000))
  while ((now < until)); do
    pause 0.1
    collect
    ((\${#ours[@]} == 0)) && break 2
    now
  done
done
for d in "\${cgroups[@]}"; do
  for i in 1 2 3 4 5 6 7 8 9 10; do
    rmdir "$d"/*/ "$d" 2>/dev/null
    [[ -d $d ]] || break
    pause 0.2
  done
done
`;

export class Watchdog {
  private constructor(private readonly child: ChildProcess) {}

  /**
   * Starts the watchdog for every marker value beginning with `markerPrefix`; undefined when
   * bash cannot be started (then only flightdeck's own exit handling and the shells'
   * parent-death signal are left).
   */
  static start(markerPrefix: string): Watchdog | undefined {
    let child: ChildProcess;
    try {
      child = spawn('bash', ['--noprofile', '--norc', '-c', SCRIPT, 'flightdeck-watchdog', MARKER_VAR, markerPrefix], {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
      });
    } catch {
      return undefined;
    }
    if (child.pid === undefined) return undefined;
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // Neither the watchdog nor its pipe keeps flightdeck running.
    child.unref();
    (child.stdin as Socket | null)?.unref();
    return new Watchdog(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** A process found by ancestry tracking: `start` is its start time from /proc/<pid>/stat. */
  track(pid: number, start: string): void {
    this.send(`track ${pid} ${start}`);
  }

  /** A runner's cgroup folder: its block cgroups are killed and it is removed. */
  cgroup(dir: string): void {
    if (!/[\n\r]/.test(dir)) this.send(`cgroup ${dir}`);
  }

  /** As if flightdeck were gone: the watchdog ends what it knows of and exits. */
  release(): void {
    this.child.stdin?.end();
  }

  private send(line: string): void {
    const stdin = this.child.stdin;
    if (stdin && stdin.writable) stdin.write(`${line}\n`);
  }
}

let shared: Watchdog | undefined | null = null;

/** The watchdog of this flightdeck process, started on first use. */
export function processWatchdog(markerPrefix: string): Watchdog | undefined {
  if (shared === null) shared = Watchdog.start(markerPrefix);
  return shared;
}
