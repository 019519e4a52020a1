import type { ParserSpec } from '../fact.js';
import { linuxCpuinfo } from './cpuinfo.js';
import { linuxDf } from './df.js';
import { linuxDmiSysfs } from './dmi-sysfs.js';
import { linuxDmidecode } from './dmidecode.js';
import { linuxHostid } from './hostid.js';
import { linuxIfconfig } from './ifconfig.js';
import { linuxIpDetails } from './ip-details.js';
import { linuxIpDetailsJson } from './ip-details-json.js';
import { linuxIpRoute } from './ip-route.js';
import { linuxIpRouteJson } from './ip-route-json.js';
import { linuxLsblk } from './lsblk.js';
import { linuxMachineId } from './machine-id.js';
import { linuxNetSpeed } from './net-speed.js';
import { linuxProcNetRoute } from './proc-net-route.js';
import { linuxReleaseFiles } from './release-files.js';
import { linuxSecurity } from './security.js';
import { linuxTimezone } from './timezone.js';
import { linuxBootTime } from './boot-time.js';
import { linuxApk } from './apk.js';
import { linuxDpkg } from './dpkg.js';
import { linuxOpenrcServices } from './openrc-services.js';
import { linuxRpm } from './rpm.js';
import { linuxSystemdServices } from './systemd-services.js';
import { linuxSysBlock } from './sys-block.js';
import { linuxIpAddr } from './ip-addr.js';
import { linuxIpAddrJson } from './ip-addr-json.js';
import { linuxMemoryBlocks } from './memory-blocks.js';
import { linuxMeminfo } from './meminfo.js';
import { linuxUptime } from './uptime.js';
import { linuxVirtualization } from './virtualization.js';

/** Every Linux-only parser, by name. */
export const linuxParsers: Record<string, ParserSpec> = Object.fromEntries(
  [
    linuxUptime,
    linuxDmiSysfs,
    linuxDmidecode,
    linuxMemoryBlocks,
    linuxMeminfo,
    linuxIpAddrJson,
    linuxIpAddr,
    linuxIfconfig,
    linuxCpuinfo,
    linuxVirtualization,
    linuxDf,
    linuxHostid,
    linuxMachineId,
    linuxLsblk,
    linuxSysBlock,
    linuxIpRouteJson,
    linuxIpRoute,
    linuxProcNetRoute,
    linuxIpDetailsJson,
    linuxIpDetails,
    linuxNetSpeed,
    linuxReleaseFiles,
    linuxTimezone,
    linuxBootTime,
    linuxSecurity,
    linuxDpkg,
    linuxRpm,
    linuxApk,
    linuxSystemdServices,
    linuxOpenrcServices,
  ].map((spec) => [spec.name, spec as ParserSpec]),
);
