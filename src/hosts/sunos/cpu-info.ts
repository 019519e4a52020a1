/**
 * The CPU's vendor, clock and flags on SunOS: `kstat -p cpu_info` (one `cpu_info:N:cpu_infoN:stat
 * VALUE` line per statistic and virtual CPU: `vendor_id`, `clock_MHz`, `brand`) then `isainfo -x`
 * (`amd64: avx2 avx xsave ... sse2 fpu`, the instruction set extensions, as x86 flags). The plain
 * `kstat cpu_info` layout (`module: cpu_info instance: 0` blocks) is read too. SPARC kstats have no
 * vendor_id: its vendor is `null`.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { splitLines } from './text.js';

/** What SunOS adds to the `cpu` fact. */
export interface SunosCpuInfo {
  /** The brand string of the first CPU, e.g. `Intel(r) Xeon(r) CPU E5-2609 0 @ 2.40GHz`. */
  readonly model: string | null;
  readonly vendor: string | null;
  readonly speed_mhz: number | null;
  /** From isainfo -x: the extensions of the widest instruction set; `null` without that line. */
  readonly flags: string[] | null;
}

const NAME = 'sunos.cpu-info';
const PARSEABLE = /^cpu_info:(\d{1,6}):cpu_info\d{1,6}:([A-Za-z_]{1,40})\s+(.*)$/;
const ISA = /^(amd64|i386|sparcv9|sparc):\s*(.*)$/;

function parse(stdout: string): SunosCpuInfo {
  const first = new Map<string, string>();
  let instance: string | undefined;
  let firstInstance: string | undefined;
  let flags: string[] | null = null;
  let seen = false;
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '') continue;
    const p = PARSEABLE.exec(line);
    const block = /^module:\s+cpu_info\s+instance:\s+(\d{1,6})$/.exec(line);
    const isa = ISA.exec(line);
    let stat: string | undefined;
    let value: string | undefined;
    if (p) [instance, stat, value] = [p[1]!, p[2]!, p[3]!];
    else if (block) {
      instance = block[1]!;
      continue;
    } else if (isa) {
      if (flags === null) flags = isa[2]!.split(/\s+/).filter((f) => f !== '');
      enforceCap(NAME, 'ISA flags', flags.length, LIMITS.items);
      continue;
    } else if (/^name:\s+cpu_info\d{1,6}\s+class:/.test(line)) {
      continue;
    } else {
      const kv = instance === undefined ? null : /^([A-Za-z_]{1,40})\s+(.*)$/.exec(line);
      if (kv === null) throw new ParseError(NAME, 'expected kstat cpu_info statistics or an isainfo -x line', line);
      [stat, value] = [kv[1]!, kv[2]!];
    }
    seen = true;
    firstInstance ??= instance;
    if (instance === firstInstance && !first.has(stat!)) first.set(stat!, value!.trim());
  }
  if (!seen) throw new ParseError(NAME, 'no cpu_info statistic', stdout.trim().split('\n')[0]);
  const mhz = first.get('clock_MHz');
  return {
    model: first.get('brand')?.replace(/\s+/g, ' ') ?? null,
    vendor: first.get('vendor_id') ?? null,
    speed_mhz: mhz !== undefined && /^[0-9]{1,6}$/.test(mhz) ? Number(mhz) : null,
    flags,
  };
}

/** The CPU vendor, clock in MHz, brand and ISA flags. */
export const cpuInfoSpec: ParserSpec<SunosCpuInfo> = {
  name: NAME,
  command: '/usr/bin/kstat -p cpu_info && /usr/bin/isainfo -x',
  parse,
  description: 'kstat -p cpu_info and isainfo -x: the CPU brand, vendor, clock in MHz and instruction set flags',
};
