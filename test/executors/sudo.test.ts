import { describe, expect, test } from 'vitest';
import type { CommandResult } from '../../src/effects/command.js';
import { sudoCommand, sudoRefusal } from '../../src/executors/sudo.js';

const result = (code: number, stderr: string, stdout = ''): CommandResult => ({ stdout, stderr, code, signal: null, durationMs: 1 });

describe('sudoCommand', () => {
  test('runs the whole command line through one quoted sh -c word', () => {
    expect(sudoCommand("cat /etc/shadow | grep '^root'")).toBe(`sudo -n -- /bin/sh -c 'cat /etc/shadow | grep '\\''^root'\\'''`);
  });
});

describe('sudoRefusal', () => {
  test.each([
    ['a password is needed', result(1, 'sudo: a password is required\n'), 'sudo: a password is required'],
    ['the user is not in sudoers', result(1, 'alice is not in the sudoers file.  This incident will be reported.\nsudo: alice is not in the sudoers file\n'), 'sudo: alice is not in the sudoers file'],
    ['the command is not allowed', result(1, 'sudo: sorry, user alice is not allowed to execute \'/bin/sh\' as root on web1.\n'), "sudo: sorry, user alice is not allowed to execute '/bin/sh' as root on web1."],
    ['sudo is missing under bash', result(127, 'bash: line 1: sudo: command not found\n'), 'sudo is not installed'],
    ['sudo is missing under dash', result(127, 'sh: 1: sudo: not found\n'), 'sudo is not installed'],
    ['sudo speaks another language', result(1, 'sudo: Passwort wird benötigt\n'), 'sudo: Passwort wird benötigt'],
  ])('recognises a refusal when %s', (_, outcome, reason) => {
    expect(sudoRefusal(outcome)).toBe(reason);
  });

  test.each([
    ['the command succeeded', result(0, '')],
    ['the command failed on its own', result(1, 'grep: /etc/shadow: No such file or directory\n')],
    ['the command printed output before failing', result(1, 'sudo: something\n', 'partial output\n')],
    ['a command inside sudo was missing', result(127, '/bin/sh: 1: dmidecode: not found\n')],
  ])('leaves the result alone when %s', (_, outcome) => {
    expect(sudoRefusal(outcome)).toBeUndefined();
  });
});
