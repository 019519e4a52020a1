/**
 * Memory, processor and uptime keys of Ansible's hardware collectors (module_utils/facts/hardware/
 * linux.py and sunos.py), from plesio's `memory`, `installed_memory_in_MB`, `cpu` and `uptime_seconds`.
 */
import { count, nonEmpty, record } from './read.js';

/**
 * `memtotal_mb`, `swaptotal_mb`, `swapfree_mb`. Linux reads them from /proc/meminfo as plesio's `memory`
 * does (KiB // 1024); SunOS takes `memtotal_mb` from prtconf's "Memory size", plesio's installed memory
 * there. Ansible's SunOS swap figures come from `swap -s` (virtual swap, memory included); plesio's
 * `memory` reads them from the swap devices (`swap -l`) where there are any and from `swap -s` only
 * where there are none (a zone): README lists the difference.
 */
export function memoryFacts(facts: Record<string, unknown>, system: string | undefined): Record<string, unknown> {
  const memory = record(facts['memory']);
  const out: Record<string, unknown> = {};
  const total = system === 'SunOS' && facts['memory_source'] === 'prtconf' ? count(facts['installed_memory_in_MB']) : count(memory?.['total_mb']);
  if (total !== undefined) out['memtotal_mb'] = total;
  const swapTotal = count(memory?.['swap_total_mb']);
  const swapFree = count(memory?.['swap_free_mb']);
  if (swapTotal !== undefined) out['swaptotal_mb'] = swapTotal;
  if (swapFree !== undefined) out['swapfree_mb'] = swapFree;
  return out;
}

/**
 * The processor keys. Linux (`get_cpu_facts`): `processor_count` is the number of sockets (of
 * processors where /proc/cpuinfo names no socket, as on ARM), `processor_cores` the cores per socket,
 * `processor_threads_per_core` their quotient, `processor_vcpus` the product of the three;
 * `processor_nproc` the CPUs the process may use, here all of them. SunOS counts chips and, as
 * `processor_cores`, every virtual processor (one `kstat cpu_info` instance each).
 */
export function processorFacts(facts: Record<string, unknown>, system: string | undefined, machine: string | undefined): Record<string, unknown> {
  const cpu = record(facts['cpu']);
  const threads = count(cpu?.['threads']);
  if (cpu === undefined || threads === undefined || threads === 0) return {};
  const sockets = count(cpu['sockets']);
  const cores = count(cpu['cores']);
  if (system === 'SunOS') return { processor_count: sockets ?? threads, processor_cores: sockets === undefined ? 'NA' : threads };
  if (system !== 'Linux') return {};
  const processorCount = sockets !== undefined && sockets > 0 ? sockets : threads;
  const perSocket = sockets !== undefined && sockets > 0 && cores !== undefined && cores >= sockets ? Math.floor(cores / sockets) : 1;
  const threadsPerCore = sockets !== undefined && sockets > 0 && cores !== undefined && cores > 0 ? Math.floor(threads / sockets / perSocket) : 1;
  const out: Record<string, unknown> = {
    processor_count: processorCount,
    processor_cores: perSocket,
    processor_threads_per_core: threadsPerCore,
    processor_vcpus: threadsPerCore * processorCount * perSocket,
    processor_nproc: threads,
  };
  // x86 /proc/cpuinfo blocks list processor, vendor_id and model name, in that order, for each CPU.
  const vendor = nonEmpty(cpu['vendor']);
  const model = nonEmpty(cpu['model']);
  if (vendor !== undefined && model !== undefined && machine !== undefined && /^(?:x86_64|i[3456]86)$/.test(machine)) {
    out['processor'] = Array.from({ length: Math.min(threads, 4096) }, (_, i) => [String(i), vendor, model]).flat();
  }
  return out;
}

/** `uptime_seconds`, the same whole seconds on every system. */
export function uptimeFacts(facts: Record<string, unknown>): Record<string, unknown> {
  const uptime = count(facts['uptime_seconds']);
  return uptime === undefined ? {} : { uptime_seconds: uptime };
}
