/**
 * SELinux and AppArmor from the kernel's own files, without the userland tools (sestatus,
 * aa-status) many hosts lack: `/sys/fs/selinux/enforce` (or `/selinux/enforce` before RHEL 7) exists
 * only when SELinux is enabled and holds 1 when enforcing; `/etc/selinux/config` says what the next
 * boot uses; `/sys/module/apparmor/parameters/enabled` holds Y or N where the AppArmor module is built.
 * One `grep -s .` prints them as `PATH:LINE`.
 */
import type { ParserSpec } from '../fact.js';
import { parseError, splitLines, splitOnce } from '../common/text.js';

/** The `selinux` and `apparmor` facts. */
export interface SecurityModules {
  readonly selinux: {
    readonly status: 'enabled' | 'disabled';
    /** The running mode; `null` when disabled. */
    readonly mode: 'enforcing' | 'permissive' | null;
    /** SELINUX= of /etc/selinux/config: the mode of the next boot. */
    readonly config_mode: string | null;
    /** SELINUXTYPE= of /etc/selinux/config: `targeted`, `mls`... */
    readonly policy: string | null;
  };
  /** `null` status when the kernel has no AppArmor module at all. */
  readonly apparmor: { readonly status: 'enabled' | 'disabled' | null };
}

const NAME = 'linux.security';
/** The files read, as the file sweep lists them. */
export const SECURITY_FILES: readonly string[] = ['/sys/fs/selinux/enforce', '/selinux/enforce', '/etc/selinux/config', '/sys/module/apparmor/parameters/enabled'];

/** Parses the grep output into the SELinux and AppArmor state. */
export function parseSecurity(stdout: string): SecurityModules {
  let enforce: string | undefined;
  let apparmor: string | undefined;
  const config = new Map<string, string>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const kv = splitOnce(line, ':');
    if (kv === undefined || !SECURITY_FILES.includes(kv[0])) throw parseError(NAME, 'not a "FILE:line" line of the security files', line);
    const [file, value] = [kv[0], kv[1].trim()];
    if (file.endsWith('/enforce')) enforce ??= value;
    else if (file.endsWith('/enabled')) apparmor ??= value;
    else {
      const setting = /^(SELINUX|SELINUXTYPE)=\s*"?([A-Za-z0-9_-]{1,32})"?\s*$/.exec(value);
      if (setting !== null && !config.has(setting[1]!)) config.set(setting[1]!, setting[2]!);
    }
  }
  return {
    selinux: {
      status: enforce === undefined ? 'disabled' : 'enabled',
      mode: enforce === '1' ? 'enforcing' : enforce === '0' ? 'permissive' : null,
      config_mode: config.get('SELINUX') ?? null,
      policy: config.get('SELINUXTYPE') ?? null,
    },
    apparmor: { status: apparmor === 'Y' ? 'enabled' : apparmor === 'N' ? 'disabled' : null },
  };
}

/** SELinux status, mode and policy, and whether AppArmor is enabled. */
export const linuxSecurity: ParserSpec<SecurityModules> = {
  name: NAME,
  command: 'grep -s . ' + SECURITY_FILES.join(' ') + ' || true',
  parse: parseSecurity,
  description: 'Reads the SELinux enforce file and config and the AppArmor module parameter; returns SELinux status, mode, configured mode and policy, and AppArmor status.',
};
