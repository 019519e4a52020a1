/**
 * Ansible reads its fact cache and an inventory script's JSON with `AnsibleJSONDecoder`, which turns any
 * object holding the key `__ansible_vault` into a vault-encrypted value and one holding
 * `__ansible_unsafe` into unsafe text. A key a host chose (a resolv.conf option, an interface name)
 * must not steer that: such keys are dropped from everything plesio hands to Ansible.
 */

const DECODER_KEYS: ReadonlySet<string> = new Set(['__ansible_vault', '__ansible_unsafe']);

/**
 * A deep copy of `value` without the keys Ansible's JSON decoder interprets.
 * @example
 * withoutDecoderKeys({ options: { __ansible_vault: 'x', ndots: '2' } }) // => { options: { ndots: '2' } }
 */
export function withoutDecoderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDecoderKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (DECODER_KEYS.has(key)) continue;
    Object.defineProperty(out, key, { value: withoutDecoderKeys(item), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
