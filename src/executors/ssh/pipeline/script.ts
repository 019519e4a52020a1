/**
 * What a pipelined session says to the remote side: the command that starts the session shell, the
 * script that shell runs first, one request per command and one per stop. Where the host has perl,
 * the script ends by handing the session to perl (mux.ts), which runs the commands far more cheaply
 * and speaks the same protocol; the shell functions below are the portable way, described here.
 *
 * The session shell is a plain `/bin/sh` reading requests from the channel, so the login shell and its
 * rc files run once per session instead of once per command. It never waits for a command: each
 * request starts its command in the background, in a `/bin/sh -c` of its own, in a process group of
 * its own when `setsid` or perl can make one, with stdin at end of file — so commands run side by side,
 * and `exit`, `exec`, `cd` and `export` end or change only their own shell. Requests and stops are read
 * in the order they were written, so a stop always finds its command started (or ended): a command
 * runs once, and no claim or race decides it.
 *
 * Each command's stdout and stderr go through anonymous pipes of its own (no file name another process
 * could open) to a relay each, which copies them to the channel in chunks of at most 64 KiB, each chunk
 * after a data marker naming the command and the stream. Everything written to the channel — data
 * markers with their chunk, and the start, end and stop markers — is written holding one lock, a token
 * byte passed through a FIFO (read and written by shell built-ins: taking it costs no process), so the
 * stream is a sequence of whole units however the commands interleave. The end marker comes after both
 * relays have finished: the command's status, exact where a shell can know it (an EXIT trap records a
 * normal exit, so `exit 130` stays code 130; otherwise a status above 128 that names a signal is that
 * signal, as OpenSSH reports it).
 */
import { shellQuote } from '../../../effects/quote.js';
import { MUX_PROGRAM } from './mux.js';

/** The exec request that starts a session: the only command the login shell (and its rc files) runs. */
export const SESSION_COMMAND = 'exec /bin/sh';

/** A relay's read size, and how many reads it gathers before it writes them to the channel (1 MiB). */
const CHUNK_BYTES = 65_536;
const CHUNK_READS = 16;

/**
 * The script a new session shell runs before any request. `token` is the boundary (hex); `nonce` makes
 * the private directory's name unguessable. The token is written in two halves, so a server that echoes
 * its input back (a forced `cat`) never shows a complete boundary.
 */
export function sessionScript(token: string, nonce: string): string {
  const half = token.length >> 1;
  return [
    `p_t=${token.slice(0, half)}`,
    `p_t=\${p_t}${token.slice(half)}`,
    // The login shell's family first, before anything a shell might fail at: a command that must run
    // on a channel of its own is read by that shell (see loginShellCommand). It is also the session's
    // first sign of life, which the pool waits for before it suspects the session will never start.
    'case $SHELL in *csh) echo "$p_t L csh";; *) echo "$p_t L sh";; esac',
    // Only safe characters in the directory: its path is written into each command's EXIT trap.
    'p_d=${TMPDIR:-/tmp}',
    "case $p_d in ''|*[!A-Za-z0-9/._-]*) p_d=/tmp;; esac",
    `p_d=$p_d/plesio.$$.${nonce}`,
    // mkdir fails rather than follow a planted link. w tells the watcher below that this shell is gone;
    // l holds the lock's token. Per command: p (its pid, for a stop), s and t (its status), bo and be
    // (the chunk its relays are copying).
    '(umask 077 && mkdir "$p_d" && mkfifo "$p_d/w" "$p_d/l") || exit 111',
    'for p_x in cat dd rm; do command -v $p_x >/dev/null 2>&1 || { rm -rf "$p_d"; exit 112; }; done',
    // Kills a command: its process group, or without one its shell and that shell's children.
    'p_kill() { kill -s KILL -- -"$1" 2>/dev/null || { pkill -KILL -P "$1"; kill -s KILL "$1"; } 2>/dev/null; }',
    // Ends every command still running, and removes the directory (again a moment later if their relays,
    // ending meanwhile, wrote a file into it).
    'p_end() { for p_f in "$p_d"/p*; do p_p=; [ -f "$p_f" ] && read -r p_p <"$p_f"; case $p_p in ""|-) ;; *) p_kill "$p_p";; esac; done; rm -rf "$p_d" 2>/dev/null || { sleep 1; rm -rf "$p_d"; }; }',
    // fd 5 is the channel, written only holding the lock (fd 7, one newline in the FIFO l); the shell's
    // own reports ("Terminated" when a command dies of a signal) go nowhere.
    'exec 5>&1 2>/dev/null 7<>"$p_d/l"',
    'echo >&7',
    // However this shell ends (SIGKILL too), its commands and directory go, and the client hears it
    // first (Q: whatever ends after it was ended by this): only this shell holds the FIFO w open for
    // writing (fd 8, closed for everything it starts), so the watcher's read returns as soon as it is
    // gone. Q is one short write, without the lock, which a dead shell's relay may hold, and SIGPIPE is
    // ignored for it: the channel is often closed by then, and the clean-up must still happen.
    `p_q() { trap '' PIPE; printf '%s Q\\n' "$p_t" >&5; p_end; }`,
    '( read p_x <"$p_d/w"; p_q ) </dev/null >/dev/null 7>&- &',
    'exec 8>"$p_d/w"',
    "trap 'p_q' 0",
    "trap 'exit 129' 1; trap 'exit 141' 13; trap 'exit 143' 15",
    // One marker line, holding the lock.
    `p_w() { read -r p_x <&7; printf '%s %s\\n' "$p_t" "$1" >&5; echo >&7; }`,
    // Commands start in the background, which ignores SIGINT and SIGQUIT for them (and, by inheritance,
    // for everything they run): GNU env or perl restores the defaults, as a command has on a channel.
    "p_e=; env --default-signal=INT,QUIT true 2>/dev/null && p_e='env --default-signal=INT,QUIT'",
    'if command -v setsid >/dev/null 2>&1; then p_g=setsid; p_grp() { exec setsid $p_e "$@"; }',
    "elif command -v perl >/dev/null 2>&1; then p_g=perl; p_grp() { exec perl -e '$SIG{INT} = $SIG{QUIT} = \"DEFAULT\"; setpgrp(0,0); exec {$ARGV[0]} @ARGV; exit 127' \"$@\"; }",
    'else p_g=none; p_grp() { exec $p_e "$@"; }; fi',
    // $1: the command's id; $2: the command. Runs it in the background (its stderr on fd 3), its pid in
    // p (for a stop), the status of its shell in s, and from its EXIT trap the status it exited with in
    // t. The shell's report of a command killed by a signal goes to this function's stderr: nowhere.
    'p_cmd() {',
    `  ( exec </dev/null 2>&3 3>&- 5>&- 7>&- 8>&-; p_grp /bin/sh -c "trap 'echo \\$? >$p_d/t$1' 0; $2" sh ) & echo $! >"$p_d/p$1"`,
    '  wait $!; echo $? >"$p_d/s$1"',
    '}',
    // Copies its stdin to the channel in chunks: one dd reads up to 16 times (at most 1 MiB) into a file
    // until the stream ends, so the lock is held only while writing, never while the command is quiet,
    // and most outputs take one dd and one cat. dd says on stderr (in the C locale, as POSIX words it,
    // after a warning of GNU dd's about partial reads) how many reads it made: fewer than 16 means the
    // stream ended.
    'p_relay() {',
    `  while p_n=$(LC_ALL=C dd bs=${CHUNK_BYTES} count=${CHUNK_READS} 2>&1 >"$p_d/b$1$2"); do`,
    "    p_n=${p_n%%' records in'*}; p_n=${p_n##*[!0-9+]}; case $p_n in 0+0|''|+*|*+|*+*+*) return;; esac",
    `    read -r p_x <&7; printf '%s D %s %s\\n' "$p_t" "$1" "$2"; cat "$p_d/b$1$2"; echo >&7`,
    `    [ $((\${p_n%+*} + \${p_n#*+})) -lt ${CHUNK_READS} ] && return`,
    '  done',
    '}',
    // After both relays: the command's status. Its p says "-" (ended) and its chunks are emptied before
    // the end marker goes; its files go later (p_gc).
    'p_fin() {',
    '  p_s=; read -r p_s <"$p_d/s$1"; p_tt=; read -r p_tt <"$p_d/t$1"',
    "  case $p_s in ''|*[!0-9]*) p_s=255;; esac; case $p_tt in *[!0-9]*) p_tt=;; esac",
    '  if [ -n "$p_tt" ]; then p_r="c $p_tt"',
    '  elif [ "$p_s" -gt 128 ] && p_r=$(kill -l "$p_s"); then p_r="s $p_r"',
    '  else p_r="c $p_s"; fi',
    '  echo - >"$p_d/p$1"; : >"$p_d/b$1o"; : >"$p_d/b$1e"; p_w "E $1 $p_r"',
    '}',
    // Every 64 requests, one rm for the files of the commands that have ended (a process per command
    // would cost as much as the command's own shell).
    'p_gc() {',
    '  set --',
    '  for p_f in "$p_d"/p*; do',
    '    p_p=; read -r p_p <"$p_f" && [ "$p_p" = - ] || continue',
    '    p_j=${p_f##*/p}; set -- "$@" "$p_f" "$p_d/s$p_j" "$p_d/t$p_j" "$p_d/b${p_j}o" "$p_d/b${p_j}e"',
    '  done',
    '  [ $# -eq 0 ] || rm -f "$@"',
    '}',
    // A request: p exists from now on (until p_gc), empty until the command has a pid and "-" once it
    // has ended, so a stop can tell a command still starting from one running or ended. The command's
    // stderr takes fd 3 past its stdout's relay. Fds are closed with exec: a redirection of a group or
    // a function keeps a copy of the fd it replaces (to restore it after), which would keep the
    // watcher's FIFO, or a pipe, open.
    'p_run() {',
    '  : >"$p_d/p$1"; p_w "S $1"',
    '  { exec 8>&-; p_cmd "$1" "$2" | { exec 3>&- >&5; p_relay "$1" o; }; } 3>&1 | { exec 8>&- >&5; p_relay "$1" e; p_fin "$1"; } &',
    '  [ $(($1 % 64)) -ne 0 ] || p_gc',
    '}',
    // A stop: answered at once (the session is alive), then the kill — in the background when the
    // command is still starting, waiting up to a second for its pid. An ended command is left alone.
    'p_stop() {',
    '  p_w "X $1"; p_p=; read -r p_p <"$p_d/p$1" || return 0',
    '  case $p_p in -) return 0;; ?*) p_kill "$p_p"; return 0;; esac',
    '  ( exec </dev/null 5>&- 8>&-; p_j=0; while p_p=; read -r p_p <"$p_d/p$1" && [ -z "$p_p" ] && [ $p_j -lt 50 ]; do p_j=$((p_j + 1)); sleep 0.02 2>/dev/null || sleep 1; done',
    '    case $p_p in ""|-) ;; *) p_kill "$p_p";; esac ) &',
    '}',
    // Where perl works, it runs the commands instead of the functions above (see mux.ts): it keeps fd 8,
    // so the watcher sees it end as it would this shell. Last, so the shell has read the whole script:
    // nothing of it is left in the channel for perl, and no request comes before perl says ready.
    `command -v perl >/dev/null 2>&1 && perl -e 1 2>/dev/null && exec perl -e ${shellQuote(MUX_PROGRAM)} "$p_t" "$p_d" 5>&- 7>&-`,
    'p_w "R $p_g"',
    '',
  ].join('\n');
}

/** The request that runs command `id` (its text must not hold a NUL byte: see `canPipeline`). */
export function runRequest(id: number, command: string): string {
  return `p_run ${checkId(id)} ${shellQuote(command)}\n`;
}

/** The request that stops command `id`: answered with `X <id>`, then its process group is killed. */
export function stopRequest(id: number): string {
  return `p_stop ${checkId(id)}\n`;
}

/** False for a command a session cannot carry: shell variables cannot hold a NUL byte. */
export function canPipeline(command: string): boolean {
  return !command.includes('\0');
}

/** The family of a login shell, as far as quoting goes. */
export type ShellFamily = 'sh' | 'csh';

/**
 * `command` as a login shell of `family` should receive it to run it with `/bin/sh`, as sessions do:
 * unchanged for the sh family; for csh and tcsh, which read `$(…)`, `2>&1` and `!` their own way and
 * take no newline inside quotes, handed to `/bin/sh -c` with `!` and newlines escaped as csh wants.
 * @example
 * loginShellCommand('echo "$(uname)" 2>&1', 'csh'); // => `exec /bin/sh -c 'echo "$(uname)" 2>&1'`
 */
export function loginShellCommand(command: string, family: ShellFamily): string {
  if (family === 'sh') return command;
  return `exec /bin/sh -c ${shellQuote(command).replace(/[!\n]/g, (char) => `\\${char}`)}`;
}

function checkId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new TypeError(`a session request needs a positive whole id, got ${String(id)}`);
  return id;
}
