"""
The installed Ansible's distribution collector as an oracle: for each fixture given on the command line
(a `# source:` line, then JSON with `input` files, `uname_v`/`uname_r`, `platform.*` and `distro`
answers), runs DistributionFactCollector with those files and answers in place of the machine's, and
prints {fixture: facts} as JSON. Every file a fixture does not list does not exist.
"""
import json
import sys
from unittest import mock

from ansible.module_utils.facts.system.distribution import DistributionFactCollector


def collect(case):
    files = case['input']

    def content(path, default=None, strip=True):
        data = files[path] if path in files else default
        return data.strip() if strip and data is not None else data

    def lines(path, strip=True, line_sep=None):
        data = content(path, strip=strip)
        return data.splitlines() if data else []

    def exists(path, allow_empty=False):
        return path in files and (allow_empty or len(files[path]) > 0)

    def uname(module, flags):
        flags = flags if isinstance(flags, list) else flags.split()
        return case.get('uname_v') if '-v' in flags else case.get('uname_r') if '-r' in flags else None

    distro = case['distro']
    module = mock.MagicMock()
    module.run_command.return_value = (0, '', '')
    module.get_bin_path.return_value = None
    target = 'ansible.module_utils.facts.system.distribution.'
    with mock.patch(target + 'get_file_content', content), mock.patch(target + 'get_file_lines', lines), \
            mock.patch(target + 'get_uname', uname), mock.patch(target + '_file_exists', exists), \
            mock.patch('os.path.isfile', lambda path: path in files), \
            mock.patch('os.path.islink', lambda path: False), \
            mock.patch('ansible.module_utils.distro.id', lambda: distro['id']), \
            mock.patch('ansible.module_utils.distro.name', lambda: distro['name']), \
            mock.patch('ansible.module_utils.distro.version', lambda best=False: distro['version_best'] if best else distro['version']), \
            mock.patch('ansible.module_utils.distro.codename', lambda: distro['codename']), \
            mock.patch('ansible.module_utils.common.sys_info.distro.os_release_info', lambda: distro['os_release_info']), \
            mock.patch('ansible.module_utils.common.sys_info.distro.lsb_release_info', lambda: distro['lsb_release_info']), \
            mock.patch('platform.system', lambda: case.get('platform.system', 'Linux')), \
            mock.patch('platform.release', lambda: case.get('platform.release', '')), \
            mock.patch('platform.version', lambda: case.get('platform.version', '')):
        return DistributionFactCollector().collect(module)


results = {}
for path in sys.argv[1:]:
    with open(path) as f:
        text = f.read()
    results[path] = collect(json.loads(text[text.index('\n') + 1:]))
print(json.dumps(results, sort_keys=True, default=str))
