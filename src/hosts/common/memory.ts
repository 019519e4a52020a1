/**
 * The `memory` fact of issue 18, from /proc/meminfo on Linux and from kstat and swap on SunOS: what
 * the OS manages, not the installed DIMMs (`installed_memory_in_MB` stays the physical size).
 */

/** Memory and swap in MiB; `null` where the source does not say. */
export interface Memory {
  readonly total_mb: number | null;
  /** What can be allocated without swapping: MemAvailable, or the kernel's older estimate (see meminfo). */
  readonly available_mb: number | null;
  readonly swap_total_mb: number | null;
  readonly swap_free_mb: number | null;
}

/** KiB to MiB, rounded down as `free -m` does. */
export const kibToMib = (kib: number | undefined | null): number | null => (kib === undefined || kib === null ? null : Math.floor(kib / 1024));
