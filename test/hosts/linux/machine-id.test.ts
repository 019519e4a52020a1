/**
 * The machine ID: Ansible's precedence (the D-Bus file, then systemd's), only a valid ID as a value,
 * `null` where none is set and a ParseError where the host sent something that is no ID.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linuxMachineId, parseMachineId } from '../../../src/hosts/linux/machine-id.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

const DBUS = '/var/lib/dbus/machine-id';
const ETC = '/etc/machine-id';
// Real IDs: Ohai's test data and insights-core's sample (see the fixtures).
const A = '6f702523e2fc7499eb1dc68e5314dacf';
const B = '4f3fbfda59ff4aea969255a73342d439';

describe('linux.machine-id', () => {
  it('reads the D-Bus file before systemd\'s, as Ansible does, when both hold an ID', () => {
    // A stale D-Bus copy left beside a regenerated /etc/machine-id: Ansible reports the copy, and so does plesio.
    expect(parseMachineId(`${ETC}:${B}\n${DBUS}:${A}\n`)).toBe(A);
    expect(parseMachineId(`${ETC}:${B}\n`)).toBe(B);
  });

  it('passes over a file that holds no ID for the other one\'s ID', () => {
    expect(parseMachineId(`${DBUS}:uninitialized\n${ETC}:${B}\n`)).toBe(B);
    expect(parseMachineId(`${DBUS}:${B.toUpperCase()}\n${ETC}:${A}\n`)).toBe(A);
  });

  it('gives null where no ID is set: no file, empty or blank files, systemd\'s uninitialized marker', () => {
    expect(parseMachineId('')).toBeNull();
    expect(parseMachineId(`${ETC}:   \n${DBUS}:\t\n`)).toBeNull();
    expect(parseMachineId(`${ETC}:uninitialized\n${DBUS}:uninitialized\n`)).toBeNull();
  });

  it('trims what Ansible strips: blanks and a carriage return around the ID', () => {
    expect(parseMachineId(`${ETC}:  ${A}\r\n`)).toBe(A);
  });

  it('rejects a file that holds something else when no file holds an ID, naming the file', () => {
    const bad = [
      `${ETC}:${A}\n${ETC}:${A.slice(0, 27)}\n`, // two lines (insights-core's invalid sample)
      `${ETC}:${'0'.repeat(32)}\n`, // machine-id(5): never all zeros
      `${ETC}:${A.toUpperCase()}\n`, // machine-id(5): lowercase
      `${DBUS}:2c2781ac-04de-4d2b-bbe4-bd97c8607e5c\n`, // uuidgen's dashed form
      `${ETC}:${A}0\n`,
      `${ETC}:\u001b[31m${A}\n`, // a terminal escape in front
    ];
    for (const stdout of bad) expect(() => parseMachineId(stdout), stdout).toThrow(ParseError);
    expect(() => parseMachineId(`${DBUS}:uninitialized\n${ETC}:nonsense\n`)).toThrow(/\/etc\/machine-id holds no machine ID/);
  });

  it('keeps a terminal\'s control characters out of its error message', () => {
    try {
      parseMachineId(`${ETC}:\u001b]0;pwned\u0007\n`);
      expect.unreachable();
    } catch (e) {
      expect(String((e as Error).message)).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });

  it('rejects lines of other files', () => {
    expect(() => parseMachineId(`/etc/passwd:root:x:0:0::/root:/bin/sh\n`)).toThrow(ParseError);
    expect(() => parseMachineId(`${ETC}X:${A}\n`)).toThrow(ParseError);
  });

  it('returns the highest-precedence valid ID for any arrangement of the files\' lines', () => {
    const id = fc.stringMatching(/^[0-9a-f]{32}$/).filter((s) => s !== '0'.repeat(32));
    const content = fc.oneof(id, fc.constant('uninitialized'), fc.constant(''));
    fc.assert(fc.property(content, content, fc.boolean(), (dbus, etc, etcFirst) => {
      const lines = [`${DBUS}:${dbus}`, `${ETC}:${etc}`];
      if (etcFirst) lines.reverse();
      const valid = (s: string): boolean => /^[0-9a-f]{32}$/.test(s);
      expect(parseMachineId(lines.join('\n') + '\n')).toBe(valid(dbus) ? dbus : valid(etc) ? etc : null);
    }));
  });

  it('reads a large answer in one pass, keeping no more than two lines of a file', () => {
    const many = `${ETC}:${A}\n`.repeat(50_000);
    expect(() => parseMachineId(many)).toThrow(ParseError);
    expect(parseMachineId(`${DBUS}:${A}\n` + `${ETC}:${'f'.repeat(100_000)}\n`)).toBe(A);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxMachineId);
  });
});
