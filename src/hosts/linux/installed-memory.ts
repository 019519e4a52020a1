/**
 * The installed memory and where it was read. The saga tries the sources from the most to the least
 * exact and records which one answered:
 * - `dmi`: the DIMM sizes from `dmidecode` (root only), what is physically installed;
 * - `memory-blocks`: the online memory blocks in sysfs, what the kernel manages, before reservations;
 * - `meminfo`: `MemTotal`, which is lower than installed memory by the kernel's and firmware's share.
 */

/** Where an installed-memory figure comes from. */
export type MemorySource = 'dmi' | 'memory-blocks' | 'meminfo';

/** An installed-memory figure in MiB and its source. */
export interface InstalledMemory {
  readonly source: MemorySource;
  readonly installed_memory_in_MB: number;
}
