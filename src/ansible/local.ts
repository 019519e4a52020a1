/**
 * `ansible_local` from plesio's opt-in `local` fact (`--facts default,local`): its `ansible` part, the
 * /etc/ansible/facts.d files read as Ansible's `local` collector reads them, and in place of a file
 * plesio could not read, what Ansible writes there.
 */
import { record } from './read.js';

/** Ansible's fact folder, as the `local` fact names its files in `errors`. */
export const ANSIBLE_FACTS_DIR = '/etc/ansible/facts.d';

/**
 * The `local` key (written `ansible_local`), or nothing without the `local` fact. A file that is neither
 * JSON nor INI gets Ansible's error text; one the scanning user cannot read is `{}` (Ansible reads it as
 * empty). An executable fact file is a script Ansible runs: plesio runs it only with
 * `--local-facts-exec`, and a file it did not run, or one too large to read, is left out.
 */
export function localFacts(facts: Record<string, unknown>, dir = ANSIBLE_FACTS_DIR): Record<string, unknown> {
  const local = record(facts['local']);
  if (local === undefined) return {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record(local['ansible']) ?? {})) {
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  for (const [path, error] of Object.entries(record(local['errors']) ?? {})) {
    const file = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
    if (file === undefined || !file.endsWith('.fact') || file.includes('/')) continue;
    const code = record(error)?.['code'];
    const value = code === 'parse' ? `error loading facts as JSON or ini - please check content: ${path}` : code === 'unreadable' ? {} : undefined;
    if (value !== undefined) Object.defineProperty(out, file.replaceAll('.fact', ''), { value, enumerable: true, writable: true, configurable: true });
  }
  return { local: out };
}
