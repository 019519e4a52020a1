/**
 * `listFacts`: the table and JSON of `plesio facts --list`, from a catalog that holds a user plugin.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listFacts } from '../../src/cli/facts-command.js';
import { factRegistry } from '../../src/hosts/builtins.js';
import { BSD_SYSCTL_COMMAND } from '../../src/hosts/bsd/sysctl-command.js';
import { defineFact } from '../../src/hosts/define-fact.js';
import { definePlugin } from '../../src/hosts/plugin.js';

const acme = definePlugin({
  name: 'acme', version: '1.2.0',
  facts: [defineFact({ name: 'hostid', os: 'linux', description: 'The first 8 digits of the machine id.', command: 'cat /etc/machine-id', parse: (s) => s.slice(0, 8) })],
});

function listed(format: 'table' | 'json'): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  listFacts(out, format, factRegistry([acme]).catalog());
  return text;
}

describe('listFacts', () => {
  it('shows for each fact the systems, plugin and commands of each source, and what a plugin replaces', () => {
    const table = listed('table');
    expect(table).toContain([
      'hostid                  linux, sunos, freebsd, openbsd, netbsd, dragonfly, darwin, aix',
      '                        The host identifier `hostid` prints (kern.hostid on the BSDs and macOS), as 8 lowercase hexadecimal digits; null when unset.',
      '                          sunos, aix, from plugin common:',
      '                            $ hostid',
      '                          freebsd, openbsd, netbsd, dragonfly, darwin, from plugin bsd:',
      `                            $ ${BSD_SYSCTL_COMMAND}`,
      '                          linux, from plugin acme, replaces built-in linux:',
      '                            $ cat /etc/machine-id',
    ].join('\n'));
    expect(table).toMatch(/^bios {20}any\n.*\n {26}linux, from plugin linux, with device; needs root for some commands: allow sudo -n with --sudo:$/m);
    expect(table).toMatch(/^ {26}sunos, from plugin sunos, after zonename, zones, device, cpu:\n {28}\$ \/usr\/sbin\/virtinfo$/m);
  });

  it('gives the same in JSON, with the plugins and sources of each fact', () => {
    const hostid = (JSON.parse(listed('json')) as Array<Record<string, unknown>>).find((f) => f['name'] === 'hostid');
    expect(hostid).toMatchObject({ os: ['linux', 'sunos', 'freebsd', 'openbsd', 'netbsd', 'dragonfly', 'darwin', 'aix'], needs_root: false, plugins: ['common', 'bsd', 'acme'], commands: ['hostid', BSD_SYSCTL_COMMAND, 'cat /etc/machine-id'] });
    expect(hostid?.['sources']).toEqual([
      { plugin: 'common', fact: 'hostid', os: ['sunos', 'aix'], commands: ['hostid'], needs_root: false, needs: [], opt_in: false, replaces: [], description: 'The host identifier `hostid` prints (kern.hostid on the BSDs and macOS), as 8 lowercase hexadecimal digits; null when unset.' },
      { plugin: 'bsd', fact: 'hostid', os: ['freebsd', 'openbsd', 'netbsd', 'dragonfly', 'darwin'], commands: [BSD_SYSCTL_COMMAND], needs_root: false, needs: [], opt_in: false, replaces: [], description: 'The host identifier `hostid` prints (kern.hostid on the BSDs and macOS), as 8 lowercase hexadecimal digits; null when unset.' },
      { plugin: 'acme', fact: 'hostid', os: ['linux'], commands: ['cat /etc/machine-id'], needs_root: false, needs: [], opt_in: false, replaces: ['linux'], description: 'The first 8 digits of the machine id.' },
    ]);
  });
});
