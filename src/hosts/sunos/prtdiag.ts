/**
 * `prtdiag` begins with `System Configuration: <vendor> <platform?> <product>` and, on x86, a
 * `BIOS Configuration: <vendor> <version> <date>` line. It is the fallback where smbios is absent
 * (SPARC) and gives no serial nor UUID. Exit status 1 only means it found faulty parts; the output
 * is still complete. It refuses to run in a non-global zone.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import type { Bios, Hardware } from './hardware.js';
import { cleanDmiValue } from '../common/dmi.js';
import { splitLines, squeeze } from './text.js';

const NAME = 'sunos.prtdiag';
const SYSTEM = /^System Configuration:(.*)$/;
const BIOS = /^BIOS Configuration:(.*)$/;
// Vendors whose names have several words; a longer match wins.
const VENDORS = [
  'Oracle Corporation',
  'Sun Microsystems, Inc.',
  'Sun Microsystems',
  'SUN MICROSYSTEMS',
  'VMware, Inc.',
  'innotek GmbH',
  'Microsoft Corporation',
  'Dell Inc.',
  'Hewlett-Packard',
  'Red Hat',
  'Intel Corporation',
  'Super Micro Computer',
  'American Megatrends Inc.',
  'Phoenix Technologies LTD',
].sort((a, b) => b.length - a.length);
// The kernel architecture prtdiag puts before SPARC product names; uname already reports it.
const PLATFORM = /^(?:sun4[a-z]|i86pc|i86xpv)\s+/;
const DATE = /^\d{1,2}\/\d{1,2}\/\d{2,4}$/;

function splitVendor(text: string): { vendor: string | null; rest: string } {
  const vendor = VENDORS.find((v) => text.toLowerCase().startsWith(v.toLowerCase() + ' ') || text.toLowerCase() === v.toLowerCase());
  if (vendor) return { vendor: text.slice(0, vendor.length), rest: text.slice(vendor.length).trim() };
  // prtdiag separates vendor and product with two or more spaces on most platforms.
  const wide = /^(.+?)\s{2,}(.*)$/.exec(text);
  if (wide) return { vendor: wide[1]!, rest: wide[2]! };
  const space = text.indexOf(' ');
  return space < 0 ? { vendor: null, rest: text } : { vendor: text.slice(0, space), rest: text.slice(space + 1) };
}

function bios(text: string | undefined): Bios {
  if (text === undefined) return { bios_date: null, bios_vendor: null, bios_version: null };
  const words = squeeze(text).split(' ');
  const date = words.length > 0 && DATE.test(words[words.length - 1]!) ? words.pop()! : null;
  const version = words.length > 1 ? words.pop()! : null;
  return { bios_date: date, bios_vendor: cleanDmiValue(words.join(' ')), bios_version: cleanDmiValue(version ?? undefined) };
}

function parse(stdout: string): Hardware {
  let system: string | undefined;
  let biosText: string | undefined;
  for (const line of splitLines(NAME, stdout)) {
    system ??= SYSTEM.exec(line)?.[1];
    biosText ??= BIOS.exec(line)?.[1];
  }
  if (system === undefined) throw new ParseError(NAME, 'no "System Configuration:" line', stdout.trim().split('\n')[0]);
  const { vendor, rest } = splitVendor(system.trim());
  return {
    device: {
      system_product: cleanDmiValue(squeeze(rest).replace(PLATFORM, '')),
      system_serial: null,
      system_uuid: null,
      system_vendor: cleanDmiValue(vendor ?? undefined),
      system_version: null,
    },
    bios: bios(biosText),
  };
}

/** Reads vendor and product (and the x86 BIOS line) from `prtdiag`, where smbios is absent. */
export const prtdiagSpec: ParserSpec<Hardware> = {
  name: NAME,
  // /usr/sbin/prtdiag is missing on some Solaris 10 installs; the platform directory always has it.
  command: 'P=/usr/sbin/prtdiag; [ -x $P ] || P=/usr/platform/`/usr/bin/uname -i`/sbin/prtdiag; $P; [ $? -le 1 ]',
  parse,
  description: 'prtdiag: device vendor and product from "System Configuration:", bios from "BIOS Configuration:" (x86 only)',
};
