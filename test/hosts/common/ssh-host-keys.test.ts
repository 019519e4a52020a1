import { describe, expect, it } from 'vitest';
import { commonSshHostKeys, parseSshHostKeys, sshFingerprint } from '../../../src/hosts/common/ssh-host-keys.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from './parser-fuzz.js';

// puppetlabs/facter spec/fixtures/ed25519; `ssh-keygen -lf` prints this fingerprint for it.
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC0rUF3Qt67/maEmCEn3VEp86x/xvmP09b79/7yi8liN';

describe('common.ssh-host-keys', () => {
  it('computes the SHA256 fingerprint ssh-keygen -l prints, keyed by key type, ignoring the comment', () => {
    expect(parseSshHostKeys(`${ED25519} root@web01\n`)).toEqual({ 'ssh-ed25519': 'SHA256:ZWvXqj+K1HA71YGIgjH4IsuM1KKiWFhEaVUdLCyfa2I' });
  });

  it('gives an empty map when no key file is readable', () => {
    expect(parseSshHostKeys('')).toEqual({});
  });

  it('rejects a blob whose embedded type differs from the line, and base64 that is not', () => {
    expect(sshFingerprint('ssh-rsa', ED25519.split(' ')[1]!)).toBeUndefined();
    expect(() => parseSshHostKeys(`ssh-rsa ${ED25519.split(' ')[1]}\n`)).toThrow(ParseError);
    expect(() => parseSshHostKeys('ssh-ed25519 not*base64\n')).toThrow(ParseError);
    expect(() => parseSshHostKeys('cat: /etc/ssh/ssh_host_rsa_key.pub: Permission denied\n')).toThrow(ParseError);
  });

  it('keeps the first key of a type', () => {
    const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFzhU3MxaNe3yZfN9ddE0nH0ni2FPVQuxJxZ5BR4SCiM';
    expect(parseSshHostKeys(`${ED25519}\n${other}\n`)['ssh-ed25519']).toBe('SHA256:ZWvXqj+K1HA71YGIgjH4IsuM1KKiWFhEaVUdLCyfa2I');
  });

  it('tolerates a host without key files: the loop prints nothing and exits 0', () => {
    expect(commonSshHostKeys.command).toMatch(/; true$/);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(commonSshHostKeys);
  });
});
