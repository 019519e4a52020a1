/**
 * Plugins and the registry: `definePlugin` checks a plugin; the registry puts the built-in plugins
 * first, lets a user fact replace a built-in one of the same name, refuses two plugins defining one
 * fact, and plans a scan (selection, `needs`, `optIn`).
 */
import { describe, expect, it } from 'vitest';
import { builtinPlugins, factRegistry } from '../../src/hosts/builtins.js';
import { defineFact } from '../../src/hosts/define-fact.js';
import { definePlugin } from '../../src/hosts/plugin.js';
import { FactConflictError, PluginDefinitionError } from '../../src/hosts/plugin-error.js';
import { OS_FAMILIES } from '../../src/hosts/os-family.js';
import { FactRegistry } from '../../src/hosts/registry.js';
import { unameFact } from '../../src/hosts/common/plugin.js';

const fact = (name: string, more: Record<string, unknown> = {}) => defineFact({ name, command: `echo ${name}`, parse: (s: string) => s.trim(), ...more } as never);
const plugin = (name: string, ...facts: ReturnType<typeof fact>[]) => definePlugin({ name, version: '1.0.0', facts });

/** The error a function throws. */
function thrown(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('it did not throw');
}

describe('definePlugin', () => {
  it('checks plain fact definitions too, naming the plugin and the fact in errors', () => {
    const acme = definePlugin({ name: 'acme', version: '1.2.0', facts: [{ name: 'timezone', command: 'date +%Z', parse: (s: string) => s.trim() }] });
    expect(acme).toMatchObject({ name: 'acme', version: '1.2.0', description: '' });
    expect(acme.facts[0]).toMatchObject({ kind: 'command', name: 'timezone' });
    const e = thrown(() => definePlugin({ name: 'acme', version: '1.2.0', facts: [fact('a'), { name: 'nginx', command: 'nginx -v' } as never] }));
    expect(e).toBeInstanceOf(PluginDefinitionError);
    expect(e.message).toBe('plugin "acme", fact "nginx": parse must be a function (stdout, ctx) => value, received undefined');
    expect(e).toMatchObject({ plugin: 'acme', fact: 'nginx', field: 'parse' });
  });

  it('names a fact without a name by its place in the list', () => {
    expect(thrown(() => definePlugin({ name: 'acme', version: '1', facts: [fact('a'), { command: 'true', parse: () => 1 } as never] })).message)
      .toBe('plugin "acme", facts[1]: name must be a letter then letters, digits or _ (at most 64), received undefined');
  });

  it.each([
    ['no name', { version: '1', facts: [] }, /^definePlugin: name of a plugin must be a package-style name such as acme or @acme\/facts, received undefined$/],
    ['no version', { name: 'acme', facts: [] }, /^plugin "acme": version must be a version string such as 1\.2\.0, received undefined$/],
    ['no facts', { name: 'acme', version: '1' }, /^plugin "acme": facts must be a non-empty list of facts, received undefined$/],
    ['an empty list of facts', { name: 'acme', version: '1', facts: [] }, /facts must be a non-empty list/],
    ['an unknown field', { name: 'acme', version: '1', facts: [fact('a')], fact: [] }, /^plugin "acme": fact is not a field of a plugin/],
    ['a fact defined twice for one system', { name: 'acme', version: '1', facts: [fact('a', { os: ['linux', 'sunos'] }), fact('a', { os: 'sunos' })] }, /^plugin "acme", fact "a": name is defined twice for sunos/],
    ['two facts writing one key', { name: 'acme', version: '1', facts: [fact('a', { keys: ['b'] }), fact('b')] }, /fact "b": name writes the key "b", as fact "a" does, for linux/],
  ])('refuses a plugin with %s', (_what, definition, message) => {
    const e = thrown(() => definePlugin(definition as never));
    expect(e).toBeInstanceOf(PluginDefinitionError);
    expect(e.message).toMatch(message);
  });

  it('allows one fact name per system, as each system\'s plugin defines hostid', () => {
    const p = definePlugin({ name: 'acme', version: '1', facts: [fact('a', { os: 'linux' }), fact('a', { os: 'sunos' })] });
    expect(p.facts.map((f) => f.os)).toEqual([['linux'], ['sunos']]);
  });
});

describe('the registry', () => {
  it('lists the built-in plugins first: common, then one per family, then local', () => {
    const builtins = ['common', 'linux', 'sunos', 'bsd', 'darwin', 'aix', 'hpux', 'local'];
    expect(builtinPlugins.map((p) => p.name)).toEqual(builtins);
    const acme = plugin('acme', fact('timezone'));
    expect(factRegistry([acme]).plugins.map((p) => p.name)).toEqual([...builtins, 'acme']);
  });

  it('orders the fact keys as the 2009 scanner printed them, then the plugins\' new ones', () => {
    // The keys written with an original fact follow it (chassis and baseboard with device); the facts
    // of issue 18 follow the original ones; each family's own keys follow the Linux ones; then the local facts, and a plugin's last.
    expect(factRegistry([plugin('acme', fact('locale'))]).names).toEqual([
      'uname', 'kernel', 'architecture', 'hostid', 'hostname', 'fqdn', 'os', 'device', 'bios', 'chassis', 'baseboard',
      'installed_memory_in_MB', 'memory_source', 'interfaces', 'cpu', 'uptime_seconds', 'virtualization', 'filesystems',
      'hostid_source', 'machine_id', 'memory', 'dns', 'ssh_host_keys', 'disks', 'routes', 'default_ipv4', 'default_ipv6', 'timezone', 'boot_time',
      'selinux', 'apparmor', 'packages', 'services', 'zonename', 'zones', 'zpools', 'jails', 'local', 'locale',
    ]);
  });

  it('lets a user fact replace the built-in fact of its name on the systems both cover, and only there', () => {
    const acme = plugin('acme', fact('hostid', { os: 'linux' }));
    const registry = factRegistry([acme]);
    expect(registry.plan('linux').find((p) => p.fact.name === 'hostid')?.plugin).toBe('acme');
    expect(registry.plan('sunos').find((p) => p.fact.name === 'hostid')?.plugin).toBe('common');
    const hostid = registry.catalog().find((f) => f.name === 'hostid')!;
    expect(hostid.sources.map((s) => [s.plugin, s.os, s.replaces])).toEqual([
      ['common', ['sunos', 'aix'], []], ['bsd', ['freebsd', 'openbsd', 'netbsd', 'dragonfly', 'darwin'], []], ['acme', ['linux'], ['linux']],
    ]);
  });

  it('refuses two user plugins defining one fact for the same system, naming both', () => {
    const e = thrown(() => factRegistry([plugin('acme', fact('timezone')), plugin('tzcorp', fact('timezone', { os: 'linux' }))]));
    expect(e).toBeInstanceOf(FactConflictError);
    expect(e.message).toBe('plugins "acme" and "tzcorp" both define the fact "timezone" for linux; load only one of them, or narrow their os lists so they do not overlap');
    expect(e.plugins).toEqual(['acme', 'tzcorp']);
  });

  it('accepts two plugins defining one fact for different systems', () => {
    const registry = factRegistry([plugin('acme', fact('timezone', { os: 'linux' })), plugin('tzcorp', fact('timezone', { os: 'sunos' }))]);
    expect(registry.plan('sunos').find((p) => p.fact.name === 'timezone')?.plugin).toBe('tzcorp');
  });

  it('refuses a user fact writing a key of a built-in fact of another name', () => {
    expect(thrown(() => factRegistry([plugin('acme', fact('bios', { os: 'linux' }))])).message)
      .toBe('plugins "linux" and "acme" both define the fact "bios" for linux; load only one of them, or narrow their os lists so they do not overlap');
  });

  it('refuses a user fact of the keys the scan gathers before it knows the system', () => {
    expect(thrown(() => factRegistry([plugin('acme', fact('kernel'))])).message).toMatch(/^plugin "acme", fact "kernel": name writes "kernel", which the scan gathers itself/);
  });

  it('refuses a plugin loaded twice, or named like a built-in one', () => {
    const acme = plugin('acme', fact('timezone'));
    expect(thrown(() => factRegistry([acme, acme])).message).toMatch(/^plugin "acme": name is loaded twice/);
    expect(thrown(() => factRegistry([plugin('linux', fact('timezone'))])).message).toMatch(/^plugin "linux": name is the name of a built-in plugin/);
  });

  it('refuses needs naming a fact no plugin defines, and needs that form a cycle', () => {
    expect(thrown(() => factRegistry([plugin('acme', fact('a', { needs: ['nope'] }))])).message).toBe('plugin "acme", fact "a": needs names "nope", which no plugin defines');
    const e = thrown(() => factRegistry([plugin('acme', fact('a', { needs: ['b'] }), fact('b', { needs: ['a'] }))]));
    expect(e).toBeInstanceOf(PluginDefinitionError);
    expect(e.message).toMatch(/needs forms a cycle on linux: (a → b → a|b → a → b)/);
  });

  it('is the same registry for the same list of plugins', () => {
    const plugins = [plugin('acme', fact('timezone'))];
    expect(factRegistry(plugins)).toBe(factRegistry(plugins));
    expect(factRegistry()).toBe(factRegistry([]));
  });
});

describe('a scan plan', () => {
  const registry = factRegistry([plugin('acme',
    fact('locale'),
    fact('patches', { os: 'linux', optIn: true }),
    fact('upgradable', { os: 'linux', needs: ['patches', 'os'] }),
  )]);
  const names = (os: 'linux' | 'sunos', selection?: string[]) => registry.plan(os, selection).map((p) => p.fact.name);

  it('holds every fact of the system but uname (gathered first) and the opt-in ones, dependencies first', () => {
    expect(names('linux')).toEqual([
      'hostname', 'os', 'device', 'installed_memory_in_MB', 'interfaces', 'cpu', 'uptime_seconds', 'virtualization', 'filesystems',
      'hostid', 'machine_id', 'memory', 'dns', 'ssh_host_keys', 'disks', 'routes', 'timezone', 'boot_time', 'selinux', 'locale', 'patches', 'upgradable',
    ]);
    expect(names('sunos')).toEqual([
      'hostid', 'hostname', 'zonename', 'zones', 'os', 'device', 'installed_memory_in_MB', 'memory', 'interfaces', 'cpu', 'uptime_seconds',
      'filesystems', 'virtualization', 'disks', 'routes', 'zpools', 'timezone', 'boot_time', 'dns', 'ssh_host_keys', 'locale',
    ]);
    // The built-in opt-in facts wait for --facts.
    for (const os of ['linux', 'sunos'] as const) expect(names(os)).not.toContain('packages');
    expect(names('linux', ['packages', 'services'])).toEqual(['packages', 'services']);
  });

  it('selects by key, the fact that writes it, and what it needs, transitively', () => {
    expect(names('linux', ['bios'])).toEqual(['device']);
    expect(names('linux', ['upgradable'])).toEqual(['os', 'patches', 'upgradable']);
    expect(names('linux', ['default_ipv4'])).toEqual(['interfaces', 'routes']);
    expect(names('sunos', ['virtualization'])).toEqual(['zonename', 'zones', 'device', 'cpu', 'virtualization']);
  });

  it('gathers an opt-in fact only when it is named (or needed)', () => {
    expect(names('linux')).toContain('patches');
    const plain = factRegistry([plugin('acme', fact('patches', { os: 'linux', optIn: true }))]);
    expect(plain.plan('linux').map((p) => p.fact.name)).not.toContain('patches');
    expect(plain.plan('linux', ['patches']).map((p) => p.fact.name)).toEqual(['patches']);
    expect(plain.plan('linux', ['local']).map((p) => p.fact.name)).toEqual(['local']);
  });

  it('reads default in a selection as every fact gathered by default, beside the ones named', () => {
    const plain = factRegistry([plugin('acme', fact('patches', { os: 'linux', optIn: true }))]);
    const defaults = plain.plan('linux').map((p) => p.fact.name);
    expect(plain.plan('linux', ['default']).map((p) => p.fact.name)).toEqual(defaults);
    expect(plain.plan('linux', ['default', 'local', 'patches']).map((p) => p.fact.name)).toEqual([...defaults, 'local', 'patches']);
    expect(() => defineFact({ name: 'default', command: 'true', parse: () => 1 })).toThrow(/"default" is reserved/);
  });

  it('leaves out what the system has no fact for', () => {
    expect(names('linux', ['zonename', 'hostid'])).toEqual(['hostid']);
  });

  it('says a system is supported when a built-in plugin has facts for it', () => {
    for (const os of OS_FAMILIES) expect(registry.supports(os), os).toBe(true);
    // With only uname and the Linux facts built in, another family has uname and nothing else: unsupported.
    const bare = new FactRegistry([definePlugin({ name: 'common', version: '1', facts: [unameFact] }), builtinPlugins[1]!], []);
    expect(bare.supports('linux')).toBe(true);
    expect(bare.supports('freebsd')).toBe(false);
  });
});
