/**
 * `ioreg -rd1 -c IOPlatformExpertDevice` prints the platform node's properties, one per line:
 *
 *     +-o MacBookPro11,1  <class IOPlatformExpertDevice, id 0x10000020f, registered, ...>
 *       {
 *         "IOPlatformSerialNumber" = "C02M1234FD57"
 *         "manufacturer" = <"Apple Inc.">
 *         "IOPlatformUUID" = "F1A4AE0F-84A8-45D8-83C7-F3F904464FC5"
 *         "model" = <"MacBookPro11,1">
 *         "version" = <"1.0">
 *       }
 *
 * Fast and present on every macOS: the fallback when system_profiler is slow or missing. It tells
 * nothing of the boot ROM.
 */
import type { ParserSpec } from '../fact.js';
import { cleanDmiUuid, cleanDmiValue, type Device } from '../common/dmi.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'darwin.ioreg';
const PROPERTY = /^\s*"([^"]{1,100})" = (.*)$/;

/** A property value: `"text"`, `<"text">` (the first string of a data list), or undefined for the rest. */
function stringValue(raw: string): string | undefined {
  const m = /^<?"([^"]*)"/.exec(raw.trim());
  return m === null ? undefined : m[1];
}

/** Parses the platform node's properties into the `device` fact. */
export function parseIoreg(stdout: string): Device {
  const props = new Map<string, string>();
  let sawNode = false;
  for (const line of splitLines(stdout)) {
    if (/IOPlatformExpertDevice/.test(line) && /^\s*\+-o /.test(line)) sawNode = true;
    const m = PROPERTY.exec(line);
    if (m === null) continue;
    const value = stringValue(m[2]!);
    if (value !== undefined && !props.has(m[1]!)) props.set(m[1]!, value);
  }
  if (!sawNode && !props.has('IOPlatformUUID')) throw parseError(NAME, 'no IOPlatformExpertDevice node', splitLines(stdout).find((l) => l.trim() !== ''));
  return {
    system_product: cleanDmiValue(props.get('model')),
    system_serial: cleanDmiValue(props.get('IOPlatformSerialNumber')),
    system_uuid: cleanDmiUuid(props.get('IOPlatformUUID')),
    system_vendor: cleanDmiValue(props.get('manufacturer')),
    system_version: cleanDmiValue(props.get('version')),
  };
}

/** Model, serial, UUID and maker from the I/O Registry's platform node. */
export const darwinIoreg: ParserSpec<Device> = {
  name: NAME,
  command: 'ioreg -rd1 -c IOPlatformExpertDevice',
  parse: parseIoreg,
  description: 'Reads ioreg -rd1 -c IOPlatformExpertDevice and returns device (model, serial, UUID, manufacturer, version).',
};
