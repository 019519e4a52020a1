/**
 * The distribution keys against the installed Ansible itself: for each fixture (the inputs of a test case
 * of Ansible's own distribution tests), plesio's parsers read the release files into its `os` fact, the
 * Ansible view names it, and Ansible's DistributionFactCollector, run on the same files
 * (distribution-oracle.py), says what Ansible would write.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { ansibleFacts } from '../../src/ansible/facts.js';
import { parseOsRelease } from '../../src/hosts/common/os-release.js';
import { parseReleaseFiles, withPointRelease } from '../../src/hosts/linux/release-files.js';
import { releaseSpec } from '../../src/hosts/sunos/release.js';
import { ansiblePython } from '../support/ansible-env.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'ansible', 'distribution');
const KEYS = ['distribution', 'distribution_version', 'distribution_major_version', 'os_family'] as const;

interface Case {
  input: Record<string, string>;
  uname_r?: string;
  uname_v?: string;
  'platform.system'?: string;
  'platform.release'?: string;
}

/**
 * Where plesio's answer is documented to differ, and why:
 * - Arch: Ansible's `distro` library reads DISTRIB_RELEASE=rolling from /etc/lsb-release; os-release has
 *   no VERSION_ID and plesio does not read lsb-release.
 * - a SmartOS zone: Ansible reads the image version from /etc/product; plesio writes `uname -v`, as
 *   Ansible does for the global zone.
 */
const DOCUMENTED: Readonly<Record<string, Partial<Record<(typeof KEYS)[number], string>>>> = {
  'archlinux_rolling.txt': { distribution_version: 'NA', distribution_major_version: 'NA' },
  'smartos_zone.txt': { distribution_version: 'joyent_20160330T234717Z' },
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
let oracle: Record<string, Record<string, string | null>>;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(ansiblePython(), [join(import.meta.dirname, 'distribution-oracle.py'), ...files.map((f) => join(DIR, f))]);
  oracle = JSON.parse(stdout) as typeof oracle;
}, 60_000);

function readCase(file: string): Case {
  const text = readFileSync(join(DIR, file), 'utf8');
  expect(text).toMatch(/^# source: ansible\/ansible, /);
  return JSON.parse(text.slice(text.indexOf('\n') + 1)) as Case;
}

/** plesio's facts for a case, from the same files its scan would read. */
function factsOf(c: Case): Record<string, unknown> {
  if (c['platform.system'] === 'SunOS') {
    const release = c.uname_r ?? '5.11';
    return { uname: `SunOS host ${release} ${c.uname_v ?? 'unknown'} i86pc i386 i86pc`, kernel: release, architecture: 'i86pc', os: releaseSpec.parse(c.input['/etc/release']!) };
  }
  // What `grep -s -H .` prints for the release files the case has.
  const grep = Object.entries(c.input)
    .filter(([path]) => /^\/etc\/[A-Za-z_-]+(?:-release|_version|-version)$/.test(path) && !['/etc/os-release', '/etc/lsb-release'].includes(path))
    .flatMap(([path, text]) => text.split('\n').filter((line) => line !== '').map((line) => `${path}:${line}`))
    .join('\n');
  const os = withPointRelease(parseOsRelease(c.input['/etc/os-release'] ?? c.input['/usr/lib/os-release']!), parseReleaseFiles(grep));
  return { uname: `Linux host ${c['platform.release'] || '5.10.0'} #1 SMP x86_64 GNU/Linux`, kernel: '5.10.0', architecture: 'x86_64', os };
}

describe('ansible_distribution, _version, _major_version and ansible_os_family', () => {
  test.each(files)('%s: as the installed Ansible names it', (file) => {
    const view = ansibleFacts({ host: 'h', status: 'ok', error: null, facts: factsOf(readCase(file)), sources: {}, duration_ms: 0 })!;
    const expected = { ...oracle[join(DIR, file)], ...DOCUMENTED[file] };
    for (const key of KEYS) {
      // Ansible leaves a key out (None here) where it has no value, as on most illumos distributions.
      expect(view[`ansible_${key}`], key).toBe(expected[key] ?? undefined);
    }
  });

  test('covers Linux families and SunOS distributions alike', () => {
    const families = new Set(Object.values(oracle).map((facts) => facts['os_family']));
    expect([...families].sort()).toEqual(['Archlinux', 'Debian', 'RedHat', 'Solaris', 'Suse']);
  });
});
