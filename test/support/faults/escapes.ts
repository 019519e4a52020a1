/**
 * The escape-sequence host (issue 13.4): it answers the recorded Debian scan, but every text a fact
 * keeps carries terminal escape sequences — clear the screen, retitle the window, a hyperlink, a
 * cursor-position query (a terminal answers it as if typed), a C1 CSI and DCS, DEL and backspace — and
 * a failing command prints them on stderr. The data formats must carry them exactly; every output meant
 * for people must show them escaped.
 */
import type { Answer, Answers } from './answers.js';

/** What the host puts in its answers: no blank of any kind, so no parser splits a value on it. */
export const PAYLOAD = [
  '\x1b[2J\x1b[H', // clear the screen, cursor home
  '\x1b]0;owned\x07', // retitle the window (OSC 0)
  '\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07', // a hyperlink (OSC 8)
  '\x1b[6n', // ask the terminal for the cursor position: its answer would arrive as input
  '\u009b31m', // CSI as one C1 character
  '\u0090q\u009c', // DCS … ST as C1 characters
  '\x7f\x08', // DEL, backspace
].join('');

/** The fact whose command fails with the payload on stderr (`hostid`: one small fact, its command read by no other). */
export const ESCAPING_FACT = 'hostid';
/** The keys of that fact, all missing from the report when its command fails. */
const ESCAPING_KEYS = ['hostid', 'hostid_source'];
/** The facts that name interfaces: the host renames eth0 in all of them. */
const INTERFACE_FACTS = ['interfaces', 'routes', 'default_ipv4', 'default_ipv6'];

const P = PAYLOAD;
const UNAME = 'uname -s; uname -n; uname -r; uname -v; uname -m; uname -a';

/**
 * The recorded answers with the payload in every text a fact keeps: the kernel release, the machine and
 * the `uname -a` line, the OS name, the host names, the CPU model, an interface name (in its addresses
 * and its routes), a filesystem device — and `hostid` failing with it on stderr.
 */
export function withEscapes(answers: Answers): Answers {
  const rewritten = new Map(answers);
  const edit = (command: string, change: (stdout: string) => string): void => {
    const answer = answers.get(command);
    if (answer === undefined) throw new Error(`the recording has no ${JSON.stringify(command)}: the escape-sequence host needs it`);
    const stdout = change(answer.stdout.toString('utf8'));
    if (stdout === answer.stdout.toString('utf8')) throw new Error(`the escape-sequence host did not change the answer to ${JSON.stringify(command)}`);
    rewritten.set(command, { ...answer, stdout: Buffer.from(stdout, 'utf8') });
  };
  edit(UNAME, (out) => out.split('\n').map((line, i) => ([2, 4, 5].includes(i) ? `${line}${P}` : line)).join('\n'));
  edit('cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release', (out) => out.replace(/^NAME="([^"]*)"/m, `NAME="$1${P}"`));
  edit(commandStarting(answers, 'h=$(hostname'), (out) => out.replace(/^(.+)$/gm, `$1${P}`));
  edit('cat /proc/cpuinfo', (out) => out.replace(/^(model name\t: .*)$/gm, `$1${P}`));
  // eth0 wherever iproute2 names it: its addresses, its label and the routes through it.
  edit(commandStarting(answers, 'ip -j '), (out) => out.split('"eth0"').join(JSON.stringify(`eth0${P}`)));
  edit('if df -PkT / >/dev/null 2>&1; then df -PkT; else df -Pk; fi', (out) => out.replace(/^\/dev\/vda /m, `/dev/vda${P} `));
  const failing: Answer = { stdout: Buffer.alloc(0), stderr: Buffer.from(`hostid: ${P}\rcannot read /etc/hostid\n`), code: 1, signal: null };
  rewritten.set(commandStarting(answers, 'hostid'), failing);
  return rewritten;
}

/** The same answers, but `uname` fails with the payload on stderr: the host fails, its error carries it. */
export function withEscapingFailure(answers: Answers): Answers {
  const rewritten = new Map(answers);
  rewritten.set(UNAME, { stdout: Buffer.alloc(0), stderr: Buffer.from(`uname: ${P}\rpermission denied\n`), code: 2, signal: null });
  return rewritten;
}

/** The facts of a healthy host as the escape-sequence host's scan must return them: the payload kept exactly. */
export function escapedFacts(healthy: Record<string, unknown>): Record<string, unknown> {
  const facts = structuredClone(healthy) as Record<string, any>;
  const rest = Object.fromEntries(Object.entries(facts).filter(([key]) => !ESCAPING_KEYS.includes(key)));
  for (const key of ['kernel', 'architecture', 'uname', 'hostname']) rest[key] = `${facts[key]}${P}`;
  // The recorded `hostname -f` printed the short name; with the payload (whose URL has dots) it counts as qualified.
  rest['fqdn'] = `${facts['hostname']}${P}`;
  rest['os'] = { ...facts['os'], name: `${facts['os'].name}${P}` };
  rest['cpu'] = { ...facts['cpu'], model: `${facts['cpu'].model}${P}` };
  for (const key of INTERFACE_FACTS) rest[key] = JSON.parse(JSON.stringify(facts[key]).split('"eth0"').join(JSON.stringify(`eth0${P}`)));
  rest['filesystems'] = (facts['filesystems'] as Array<Record<string, unknown>>).map((fs) => (fs['device'] === '/dev/vda' ? { ...fs, device: `/dev/vda${P}` } : fs));
  return rest;
}

/** The recorded command that starts with `start`: found, not spelled out, so a new recording keeps working. */
function commandStarting(answers: Answers, start: string): string {
  const command = [...answers.keys()].find((c) => c.startsWith(start));
  if (command === undefined) throw new Error(`the recording has no command starting with ${JSON.stringify(start)}: the escape-sequence host needs it`);
  return command;
}
