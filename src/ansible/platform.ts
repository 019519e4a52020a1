/**
 * The keys of Ansible's platform collector (module_utils/facts/system/platform.py) — `system`,
 * `kernel`, `kernel_version`, `machine`, `architecture`, `nodename`, `hostname`, `fqdn`, `domain` — from
 * plesio's `uname` line (`uname -a`), `kernel`, `architecture`, `hostname` and `fqdn` facts.
 */
import { nonEmpty } from './read.js';

/** The fields of `uname -a` that Ansible reads through Python's `platform` module. */
export interface UnameParts {
  /** `uname -s`: `Linux`, `SunOS`. */
  readonly system: string | undefined;
  /** `uname -n`. */
  readonly nodename: string | undefined;
  /** `uname -r`. */
  readonly release: string | undefined;
  /** `uname -v`, where the line tells it unambiguously. */
  readonly version: string | undefined;
}

/**
 * Splits a `uname -a` line. Its version (`#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)` on Linux)
 * holds spaces; it ends where the machine name (`uname -m`) starts, followed by at most three words
 * (processor, platform and operating system, the first two omitted when unknown).
 */
export function unameParts(line: string | undefined, machine: string | undefined): UnameParts {
  const words = (line ?? '').split(' ').filter((w) => w !== '');
  const [system, nodename, release] = words;
  const rest = words.slice(3);
  let version: string | undefined;
  if (machine !== undefined) {
    const at = rest.findIndex((w, i) => i > 0 && w === machine && rest.length - i <= 4);
    if (at > 0) version = rest.slice(0, at).join(' ');
  }
  return { system, nodename, release, version };
}

/** Python's `platform.architecture()`-free reading of the machine as Ansible names it: i86pc and i686 are `i386`. */
function architectureOf(machine: string): string {
  return machine !== 'x86_64' && /i(?:[3456]86|86pc)/.test(machine) ? 'i386' : machine;
}

/** The platform keys (without the `ansible_` prefix) of a host. */
export function platformFacts(facts: Record<string, unknown>, uname: UnameParts): Record<string, unknown> {
  const machine = nonEmpty(facts['architecture']);
  const nodename = uname.nodename ?? nonEmpty(facts['hostname']);
  // Python's socket.getfqdn() falls back to the host name itself when no name with a dot resolves.
  const fqdn = nonEmpty(facts['fqdn']) ?? nodename;
  return {
    ...(uname.system !== undefined && { system: uname.system }),
    ...(nonEmpty(facts['kernel']) !== undefined && { kernel: facts['kernel'] }),
    ...(uname.version !== undefined && { kernel_version: uname.version }),
    ...(machine !== undefined && { machine, architecture: architectureOf(machine) }),
    ...(nodename !== undefined && { nodename, hostname: nodename.split('.')[0] }),
    ...(fqdn !== undefined && { fqdn, domain: fqdn.split('.').slice(1).join('.') }),
  };
}
