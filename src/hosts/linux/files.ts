/**
 * The small files the Linux facts read, in one `grep` (see `fileSweep`): the DMI strings of
 * /sys/class/dmi/id (device, bios, chassis, baseboard), the link speeds of /sys/class/net, the SELinux
 * and AppArmor files, the distribution's release files (the os point release), /etc/resolv.conf (dns),
 * the SSH host public keys and the machine-id files. Each parser reads its own files' lines, exactly what its own command
 * would have printed; the scan runs the sweep once, which keeps the default scan within two waves of
 * commands after uname.
 */
import { commonResolvConf } from '../common/resolv-conf.js';
import { commonSshHostKeys } from '../common/ssh-host-keys.js';
import { fileSweep, sweptSpec } from '../common/file-sweep.js';
import { linuxDmiSysfs } from './dmi-sysfs.js';
import { linuxNetSpeed } from './net-speed.js';
import { linuxMachineId, MACHINE_ID_FILES } from './machine-id.js';
import { linuxReleaseFiles, RELEASE_FILES } from './release-files.js';
import { linuxSecurity, SECURITY_FILES } from './security.js';

const DMI = ['/sys/class/dmi/id/*'];
const SPEEDS = ['/sys/class/net/*/speed'];
const RESOLV = ['/etc/resolv.conf'];
const SSH_KEYS = ['/etc/ssh/ssh_host_*_key.pub'];

/** The sweep of every small file the Linux facts read. */
export const linuxFiles = fileSweep([...DMI, ...SPEEDS, ...SECURITY_FILES, ...RELEASE_FILES, ...RESOLV, ...SSH_KEYS, ...MACHINE_ID_FILES]);

/** Device, BIOS, chassis and baseboard strings from the sweep. */
export const sweptDmi = sweptSpec(linuxFiles, linuxDmiSysfs, DMI, 'prefixed');
/** Link speeds from the sweep. */
export const sweptSpeeds = sweptSpec(linuxFiles, linuxNetSpeed, SPEEDS, 'prefixed');
/** SELinux and AppArmor from the sweep. */
export const sweptSecurity = sweptSpec(linuxFiles, linuxSecurity, SECURITY_FILES, 'prefixed');
/** The release files from the sweep. */
export const sweptRelease = sweptSpec(linuxFiles, linuxReleaseFiles, RELEASE_FILES, 'prefixed');
/** resolv.conf from the sweep. */
export const sweptResolvConf = sweptSpec(linuxFiles, commonResolvConf, RESOLV, 'content');
/** The SSH host public keys from the sweep. */
export const sweptSshHostKeys = sweptSpec(linuxFiles, commonSshHostKeys, SSH_KEYS, 'content');
/** The machine ID from the sweep. */
export const sweptMachineId = sweptSpec(linuxFiles, linuxMachineId, MACHINE_ID_FILES, 'prefixed');
