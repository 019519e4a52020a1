/**
 * Names of ARM CPUs from the `CPU implementer` and `CPU part` lines of `/proc/cpuinfo`, for kernels
 * that print no `model name` (arm64 before Linux 6.x prints only these codes). The codes are the
 * MIDR fields published by Arm and the vendors; only common server, cloud and board CPUs are listed.
 */

/** Implementer code -> vendor name. */
const IMPLEMENTERS: ReadonlyMap<string, string> = new Map([
  ['0x41', 'ARM'], ['0x42', 'Broadcom'], ['0x43', 'Cavium'], ['0x46', 'Fujitsu'], ['0x48', 'HiSilicon'],
  ['0x4e', 'NVIDIA'], ['0x50', 'APM'], ['0x51', 'Qualcomm'], ['0x61', 'Apple'], ['0xc0', 'Ampere'],
]);

/** `implementer/part` -> CPU name. */
const PARTS: ReadonlyMap<string, string> = new Map([
  ['0x41/0xb76', 'ARM1176'], ['0x41/0xc07', 'Cortex-A7'], ['0x41/0xc08', 'Cortex-A8'], ['0x41/0xc09', 'Cortex-A9'],
  ['0x41/0xc0f', 'Cortex-A15'], ['0x41/0xd03', 'Cortex-A53'], ['0x41/0xd04', 'Cortex-A35'], ['0x41/0xd05', 'Cortex-A55'],
  ['0x41/0xd07', 'Cortex-A57'], ['0x41/0xd08', 'Cortex-A72'], ['0x41/0xd09', 'Cortex-A73'], ['0x41/0xd0a', 'Cortex-A75'],
  ['0x41/0xd0b', 'Cortex-A76'], ['0x41/0xd0c', 'Neoverse-N1'], ['0x41/0xd40', 'Neoverse-V1'], ['0x41/0xd49', 'Neoverse-N2'],
  ['0x41/0xd4f', 'Neoverse-V2'], ['0x43/0x0a1', 'ThunderX 88XX'], ['0x43/0x0af', 'ThunderX2 99xx'],
  ['0x46/0x001', 'A64FX'], ['0x48/0xd01', 'Kunpeng-920'], ['0x50/0x000', 'X-Gene'], ['0xc0/0xac3', 'Ampere-1'],
]);

/** The vendor of an ARM implementer code (`0x41` -> `ARM`), `null` when unknown. */
export function armVendor(implementer: string | undefined): string | null {
  return implementer === undefined ? null : (IMPLEMENTERS.get(implementer.toLowerCase()) ?? null);
}

/**
 * Names the CPU, e.g. `ARM Cortex-A72`, or `ARM part 0xd8f` when the part is not in the table;
 * `null` when the implementer line is missing.
 * @example
 * armCpuName('0x41', '0xd0c') // => 'ARM Neoverse-N1'
 */
export function armCpuName(implementer: string | undefined, part: string | undefined): string | null {
  if (implementer === undefined) return null;
  const impl = implementer.toLowerCase();
  const vendor = IMPLEMENTERS.get(impl) ?? `implementer ${impl}`;
  if (part === undefined) return vendor;
  const p = part.toLowerCase();
  return `${vendor} ${PARTS.get(`${impl}/${p}`) ?? `part ${p}`}`;
}
