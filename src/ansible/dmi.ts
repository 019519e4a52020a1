/**
 * The DMI keys of Ansible's hardware collectors: on Linux every /sys/devices/virtual/dmi/id file, `NA`
 * where it cannot be read; on SunOS only `system_vendor` and `product_name`, from prtdiag's first line
 * and only for the vendors Ansible's pattern knows. plesio's `device`, `bios`, `chassis`, `baseboard`.
 */
import { nonEmpty, orNA, record } from './read.js';

/** The vendors Ansible's SunOS `get_dmi_facts` recognises in prtdiag's "System Configuration:" line. */
const SUNOS_VENDORS: ReadonlySet<string> = new Set(['Fujitsu', 'Oracle Corporation', 'QEMU', 'Sun Microsystems', 'VMware, Inc.']);

/** Each Ansible key and the field of a plesio fact it comes from. */
const LINUX_KEYS: ReadonlyArray<readonly [fact: string, field: string, key: string]> = [
  ['device', 'system_product', 'product_name'], ['device', 'system_serial', 'product_serial'], ['device', 'system_uuid', 'product_uuid'],
  ['device', 'system_version', 'product_version'], ['device', 'system_vendor', 'system_vendor'],
  ['bios', 'bios_date', 'bios_date'], ['bios', 'bios_vendor', 'bios_vendor'], ['bios', 'bios_version', 'bios_version'],
  ['chassis', 'vendor', 'chassis_vendor'], ['chassis', 'serial', 'chassis_serial'], ['chassis', 'asset_tag', 'chassis_asset_tag'],
  ['chassis', 'type', 'form_factor'],
  ['baseboard', 'vendor', 'board_vendor'], ['baseboard', 'product', 'board_name'], ['baseboard', 'version', 'board_version'],
  ['baseboard', 'serial', 'board_serial'],
];

/**
 * The DMI keys (without the `ansible_` prefix). A plesio fact that was not gathered gives no key; a
 * field it could not read gives `NA`, as Ansible writes for a file it cannot read. plesio drops
 * firmware placeholders (`To Be Filled By O.E.M.`), which Ansible passes on: those are `NA` here.
 */
export function dmiFacts(facts: Record<string, unknown>, system: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (system === 'Linux') {
    for (const [fact, field, key] of LINUX_KEYS) {
      const value = record(facts[fact]);
      if (value !== undefined) out[key] = orNA(value[field]);
    }
  } else if (system === 'SunOS') {
    const device = record(facts['device']);
    const vendor = nonEmpty(device?.['system_vendor']);
    const product = nonEmpty(device?.['system_product']);
    if (vendor !== undefined && product !== undefined && SUNOS_VENDORS.has(vendor)) Object.assign(out, { system_vendor: vendor, product_name: product });
  }
  return out;
}
