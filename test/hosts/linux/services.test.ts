import { describe, expect, it } from 'vitest';
import { linuxOpenrcServices, parseOpenrcServices } from '../../../src/hosts/linux/openrc-services.js';
import { linuxSystemdServices, parseSystemdServices } from '../../../src/hosts/linux/systemd-services.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.systemd-services', () => {
  const out = [
    'ssh.service loaded active running OpenBSD Secure Shell server',
    'cron.service loaded failed failed Regular background program processing daemon',
    'ghost.service not-found inactive dead ghost.service',
    'getty@tty1.service loaded active running Getty on tty1',
    'systemd-journald.socket loaded active running Journal Socket',
    '# unit files',
    'ssh.service enabled enabled',
    'cron.service disabled enabled',
    'getty@.service enabled enabled',
    'dbus.service static -',
    'rescue.service masked',
  ].join('\n');

  it('joins the loaded units with the unit files, leaving out templates and other unit types', () => {
    expect(parseSystemdServices(out)).toEqual([
      { name: 'ssh.service', state: 'running', enabled: true },
      { name: 'cron.service', state: 'failed', enabled: false },
      { name: 'ghost.service', state: 'dead', enabled: null },
      { name: 'getty@tty1.service', state: 'running', enabled: null },
      { name: 'dbus.service', state: 'dead', enabled: null },
      { name: 'rescue.service', state: 'dead', enabled: false },
    ]);
  });

  it('strips the bullet systemctl puts before a failed unit', () => {
    expect(parseSystemdServices('● nginx.service loaded failed failed A high performance web server\n')).toEqual([
      { name: 'nginx.service', state: 'failed', enabled: null },
    ]);
  });

  it('rejects rows with unknown states and lines that are no rows', () => {
    expect(() => parseSystemdServices('ssh.service loaded sleeping running x\n')).toThrow(ParseError);
    expect(() => parseSystemdServices('# unit files\nssh.service on\n')).toThrow(ParseError);
    expect(() => parseSystemdServices('Failed to connect to bus: No such file or directory\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxSystemdServices);
  });
});

describe('linux.openrc-services', () => {
  it('enables a service any boot runlevel lists, even when a dynamic runlevel lists it too', () => {
    const out = 'Runlevel: shutdown\n mount-ro  [  stopped  ]\nRunlevel: boot\n networking  [  started  ]\nDynamic Runlevel: needed/wanted\n networking  [  started  ]\n localmount  [  started  ]\nDynamic Runlevel: manual\n';
    expect(parseOpenrcServices(out)).toEqual([
      { name: 'mount-ro', state: 'stopped', enabled: false },
      { name: 'networking', state: 'started', enabled: true },
      { name: 'localmount', state: 'started', enabled: false },
    ]);
  });

  it('drops the colours rc-status prints on a terminal', () => {
    expect(parseOpenrcServices('Runlevel: default\n \x1b[0;32msshd\x1b[0m  \x1b[0;34m[  \x1b[0;32mstarted\x1b[0;34m  ]\x1b[0m\n')).toEqual([
      { name: 'sshd', state: 'started', enabled: true },
    ]);
  });

  it('rejects a service outside any runlevel and a name left without its state', () => {
    expect(() => parseOpenrcServices(' sshd  [  started  ]\n')).toThrow(ParseError);
    expect(() => parseOpenrcServices('Runlevel: default\n sshd\n')).toThrow(ParseError);
    expect(() => parseOpenrcServices('sh: rc-status: not found\n')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxOpenrcServices);
  });
});
