/**
 * What a pipelined session says to the remote side: the command that starts the session shell, the
 * script that shell runs first, one request per command, and the command that withdraws queued
 * commands or kills a running one.
 *
 * Requests may queue in the channel while a command runs. Each is claimed before it runs — a file
 * created with noclobber, which is atomic — and a stop request claims the ones it withdraws the same
 * way, so of the session shell and a stop request exactly one gets each command: it runs once or not
 * at all, however the two race.
 *
 * The session shell is a plain `/bin/sh` reading requests from the channel, so the login shell and its
 * rc files run once per session instead of once per command. Each command runs in a `/bin/sh -c` of
 * its own — in the foreground (so SIGINT is not ignored, as it is for `&` jobs), in a process group of
 * its own when `setsid` or perl can make one, with stdin at end of file — so `exit`, `exec`, `cd` and
 * `export` end or change only that shell. Its stdout and stderr reach the channel through per-session
 * FIFOs and a `cat` each: a background process that keeps them open holds up only this command, never
 * writes into the next one's frame. After both `cat`s end, the session shell writes an end marker on
 * each stream: the random per-session boundary, the command's id and, on stdout, its exit status.
 *
 * The status is exact where a shell can know it: an EXIT trap in the command's shell records a normal
 * exit (`exit 130` stays code 130); without that record (the shell was killed, or `exec`ed a program),
 * a status above 128 that names a signal is reported as that signal, as OpenSSH reports it.
 */
import { shellQuote } from '../../../effects/quote.js';

/** The exec request that starts a session: the only command the login shell (and its rc files) runs. */
export const SESSION_COMMAND = 'exec /bin/sh';

/** Characters a marker field may hold: the session shell only writes digits, names and safe paths. */
const FIELD = /^[A-Za-z0-9_./-]+$/;

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
    // on a channel of its own is read by that shell (see loginShellCommand).
    'case $SHELL in *csh) echo "$p_t L csh";; *) echo "$p_t L sh";; esac',
    // Only safe characters in the directory: its path is written into each command's EXIT trap.
    'p_d=${TMPDIR:-/tmp}',
    "case $p_d in ''|*[!A-Za-z0-9/._-]*) p_d=/tmp;; esac",
    `p_d=$p_d/plesio.$$.${nonce}`,
    // mkdir fails rather than follow a planted link; the FIFOs o and e are the commands' stdout and
    // stderr, which `cat` relays (without it every command would wait forever for a reader).
    '(umask 077 && mkdir "$p_d" && mkfifo "$p_d/o" "$p_d/e" "$p_d/w") || exit 111',
    'command -v cat >/dev/null 2>&1 || { rm -rf "$p_d"; exit 112; }',
    // The directory goes when this shell does, however it ends (SIGKILL too): only this shell holds
    // the FIFO w open for writing (fd 8, closed for everything it starts), so the watcher's read
    // returns as soon as it is gone.
    '( read p_x <"$p_d/w"; rm -rf "$p_d" ) </dev/null >/dev/null 2>&1 &',
    'exec 8>"$p_d/w"',
    `trap 'rm -rf "$p_d"' 0`,
    "trap 'exit 129' 1; trap 'exit 141' 13; trap 'exit 143' 15",
    // The channel's stderr moves to fd 9, for the commands' stderr and the markers only: the shell's
    // own reports ("Terminated" when a command dies of a signal) must not land in a command's stderr.
    'exec 9>&2 2>/dev/null',
    // A process group per command, so a timeout kills what the command started too.
    ': >"$p_d/n"',
    'if command -v setsid >/dev/null 2>&1; then p_g=setsid; p_grp() { exec setsid "$@"; }',
    "elif command -v perl >/dev/null 2>&1; then p_g=perl; p_grp() { exec perl -e 'setpgrp(0,0); exec {$ARGV[0]} @ARGV; exit 127' \"$@\"; }",
    'else p_g=none; p_grp() { exec "$@"; }; fi',
    // $1: the command's id; $2: the command. Requests queue up in the channel while a command runs, so
    // each is claimed first: creating c<id> with noclobber is atomic, and a stop request that created
    // it before (see stopCommand) withdrew the command, which is then skipped (K). A claimed command
    // says so (S), its shell writes "id pid" to p (for a kill) and its exit status to t (from its
    // EXIT trap); the `cat`s end once nothing holds the FIFOs any more. n holds the last id claimed.
    'p_run() {',
    '  set -C',
    // `command :`, not `:`: a failed redirection of a special built-in would end the session shell.
    '  if command : >"$p_d/c$1"; then set +C; else set +C',
    `    printf '%s K %s\\n' "$p_t" "$1"; printf '%s K %s\\n' "$p_t" "$1" >&9; return; fi`,
    '  echo "$1" >"$p_d/n"',
    `  printf '%s S %s\\n' "$p_t" "$1"`,
    '  : >"$p_d/p"; : >"$p_d/t"',
    '  cat "$p_d/o" 8>&- 9>&- & p_co=$!',
    '  cat "$p_d/e" >&9 8>&- 9>&- & p_ce=$!',
    // Redirected inside the subshell: dash drops some redirections written after a subshell.
    `  ( exec </dev/null >"$p_d/o" 2>"$p_d/e" 8>&- 9>&-; p_grp /bin/sh -c "echo $1 \\$\\$ >$p_d/p; trap 'echo \\$? >$p_d/t' 0; $2" sh )`,
    '  p_st=$?',
    '  wait "$p_co" "$p_ce" 2>/dev/null',
    '  p_tt=; read -r p_tt <"$p_d/t"',
    '  if [ -n "$p_tt" ]; then p_r="c $p_tt"',
    '  elif [ "$p_st" -gt 128 ] && p_r=$(kill -l "$p_st" 2>/dev/null); then p_r="s $p_r"',
    '  else p_r="c $p_st"; fi',
    `  printf '%s E %s %s\\n' "$p_t" "$1" "$p_r"`,
    `  printf '%s E %s\\n' "$p_t" "$1" >&9`,
    // Claims are kept for 1,024 commands after their own, then removed 256 at a time (one `rm`): a stop
    // request still on its way for an older command finds its id at or below n, and knows it ran.
    '  if [ $(($1 % 256)) -eq 0 ] && [ "$1" -gt 1024 ]; then',
    '    p_j=$(($1 - 1280)); p_k=$(($1 - 1024)); set --',
    '    while [ $p_j -lt $p_k ]; do p_j=$((p_j + 1)); set -- "$@" "$p_d/c$p_j"; done',
    '    rm -f "$@"',
    '  fi',
    '}',
    `printf '%s R %s %s\\n' "$p_t" "$p_g" "$p_d"`,
    `printf '%s R\\n' "$p_t" >&9`,
    '',
  ].join('\n');
}

/** The request that runs one command (its text must not hold a NUL byte: see `canPipeline`). */
export function runRequest(id: number, command: string): string {
  return `p_run ${id} ${shellQuote(command)}\n`;
}

/** False for a command a session cannot carry: shell variables cannot hold a NUL byte. */
export function canPipeline(command: string): boolean {
  return !command.includes('\0');
}

/**
 * The exec request that stops commands `ids` of the session whose directory is `dir`, answering one line
 * per id: `W <id>` when the command had not started and now never will (its claim is taken first, so the
 * session shell skips it), or `S <id>` when it had already started — and then, with `kill`, kills it:
 * its process group, or without one its shell and its children, waiting briefly for its shell to say
 * which process that is. Runs through the login shell like any exec, so it is written for any shell that
 * takes `exec` and single quotes; the id check keeps a late kill from hitting the session's next command.
 */
export function stopCommand(dir: string, ids: readonly number[], kill: boolean): string {
  if (!FIELD.test(dir) || ids.length === 0 || !ids.every((id) => Number.isInteger(id) && id > 0)) {
    throw new TypeError(`stopCommand: unexpected session directory ${JSON.stringify(dir)} or ids ${JSON.stringify(ids)}`);
  }
  // The claim is taken before the command's shell writes p: wait a little for it (about a second;
  // `sleep 1` where fractions are not understood), then kill what p names if it is still this command.
  const killing = kill
    ? 'j=0; while i=; p=; read i p <"$d/p"; [ "$i" != "$c" ] || [ -z "$p" ]; do [ $j -lt 50 ] || break; j=$((j + 1)); sleep 0.02 2>/dev/null || sleep 1; done; ' +
      '[ "$i" != "$c" ] || [ -z "$p" ] || { kill -s KILL -- -"$p" || { pkill -KILL -P "$p"; kill -s KILL "$p"; }; } 2>/dev/null'
    : ':';
  // Created here first: withdrawn, unless its claim was already removed, which only happens long after
  // it ran (its id is then at or below n, the last id the session shell claimed). One line: a csh login
  // shell does not take a newline inside quotes.
  const script =
    `d=${dir}; for c in ${ids.join(' ')}; do ` +
    'if (set -C; : >"$d/c$c") 2>/dev/null && n=0 && { read n <"$d/n"; [ "$c" -gt "${n:-0}" ]; }; then echo "W $c"; ' +
    `else echo "S $c"; ${killing}; fi; done`;
  return `exec /bin/sh -c ${shellQuote(script)}`;
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

/** Whether a marker field is one the session shell writes (digits, names, safe paths). */
export function isMarkerField(field: string): boolean {
  return FIELD.test(field);
}
