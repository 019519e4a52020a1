/**
 * `ansible_selinux` and `ansible_apparmor` as Ansible's selinux and apparmor collectors
 * (module_utils/facts/system/selinux.py, apparmor.py) write them, from plesio's `selinux` and `apparmor`.
 */
import { nonEmpty, record } from './read.js';

/**
 * The security module keys. SELinux is `{status: disabled}`, or `enabled` with the running `mode`, the
 * `config_mode` of the next boot and the policy `type` (not `policyvers`, which plesio does not read);
 * AppArmor is `enabled` where the kernel has it, else `disabled`.
 */
export function securityFacts(facts: Record<string, unknown>, system: string | undefined): Record<string, unknown> {
  if (system !== 'Linux') return {};
  const out: Record<string, unknown> = {};
  const selinux = record(facts['selinux']);
  const status = nonEmpty(selinux?.['status']);
  if (status === 'enabled') {
    out['selinux'] = { status, ...optional('mode', selinux?.['mode']), ...optional('config_mode', selinux?.['config_mode']), ...optional('type', selinux?.['policy']) };
  } else if (status === 'disabled') {
    out['selinux'] = { status };
  }
  const apparmor = record(facts['apparmor']);
  if (apparmor !== undefined) out['apparmor'] = { status: nonEmpty(apparmor['status']) === 'enabled' ? 'enabled' : 'disabled' };
  return out;
}

function optional(key: string, value: unknown): Record<string, string> {
  const text = nonEmpty(value);
  return text === undefined ? {} : { [key]: text };
}
