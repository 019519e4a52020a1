// An example plugin with one saga fact: does the host wait for a reboot to use its updates? Debian
// and Ubuntu leave a flag file; RHEL and Fedora answer with needs-restarting's exit status. The saga
// asks the second only when the first cannot tell, which a single command and parser could not do.
// Written against the public package only, as a plugin outside plesio would be.
import { defineFact, definePlugin, exec, ParseError } from 'plesio';

/** Debian's flag file: `required` and the packages that set it, `none` on a dpkg system without it, else `unknown`. */
export const DEBIAN = 'if [ -f /var/run/reboot-required ]; then echo required; cat /var/run/reboot-required.pkgs 2>/dev/null; elif [ -d /var/lib/dpkg ]; then echo none; else echo unknown; fi';

/** dnf-utils/yum-utils: exit 1 when a reboot is needed, 0 when not; it lists what changed as "  * name". */
export const RHEL = 'needs-restarting -r';

const lines = (text) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

export const rebootRequired = defineFact({
  name: 'reboot_required',
  os: 'linux',
  description: 'Whether the host waits for a reboot to use its updates: required, the tool that said so and the packages; null when it cannot tell.',
  commands: [DEBIAN, RHEL],
  // ctx: the host's system, whether sudo is allowed, and the scan's per-command timeout.
  *saga(ctx) {
    const debian = yield* exec(DEBIAN, { timeoutMs: ctx.timeoutMs });
    const [answer, ...packages] = lines(debian.stdout);
    if (answer === 'required') return { required: true, by: 'reboot-required', packages };
    if (answer === 'none') return { required: false, by: 'reboot-required', packages: [] };
    if (answer !== 'unknown') throw new ParseError('reboot-required', 'expected required, none or unknown', answer ?? '');

    const rhel = yield* exec(RHEL, { timeoutMs: ctx.timeoutMs });
    // 127: not installed; anything else but 0 and 1 is a failure that says nothing about reboots.
    if (rhel.code !== 0 && rhel.code !== 1) return null;
    const changed = lines(rhel.stdout).filter((l) => l.startsWith('* ')).map((l) => l.slice(2));
    return { required: rhel.code === 1, by: 'needs-restarting', packages: changed };
  },
});

export default definePlugin({
  name: 'reboot-required',
  version: '1.0.0',
  description: 'Whether the host waits for a reboot.',
  facts: [rebootRequired],
});
