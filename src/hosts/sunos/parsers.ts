import type { ParserSpec } from '../fact.js';
import { bootTimeSpec } from './boot-time.js';
import { cpuInfoSpec } from './cpu-info.js';
import { dfSpec } from './df.js';
import { dladmPhysMacsSpec } from './dladm-phys-macs.js';
import { dladmLinksSpec } from './dladm-links.js';
import { dladmVnicsSpec } from './dladm-vnics.js';
import { ifconfigSpec } from './ifconfig.js';
import { ifconfigDetailsSpec } from './ifconfig-details.js';
import { iostatEnSpec } from './iostat-en.js';
import { kstatPagesSpec, swapListSpec, swapSummarySpec } from './memory.js';
import { mountTypesSpec } from './mount-types.js';
import { netstatRnSpec } from './netstat-rn.js';
import { pkgListSpec } from './pkg-list.js';
import { pkginfoSpec } from './pkginfo.js';
import { prtconfMemorySpec } from './prtconf-memory.js';
import { prtdiagSpec } from './prtdiag.js';
import { psrinfoSpec } from './psrinfo.js';
import { releaseSpec } from './release.js';
import { smbiosSpec } from './smbios.js';
import { svcsSpec } from './svcs.js';
import { timezoneSpec } from './timezone.js';
import { uptimeSpec } from './uptime.js';
import { virtinfoSpec } from './virtinfo.js';
import { zoneadmListSpec } from './zoneadm-list.js';
import { zonenameSpec } from './zonename.js';
import { zpoolListSpec } from './zpool-list.js';

const specs: readonly ParserSpec[] = [
  zonenameSpec,
  zoneadmListSpec,
  smbiosSpec,
  prtdiagSpec,
  prtconfMemorySpec,
  ifconfigSpec,
  dladmPhysMacsSpec,
  dladmVnicsSpec,
  releaseSpec,
  psrinfoSpec,
  uptimeSpec,
  virtinfoSpec,
  dfSpec,
  mountTypesSpec,
  netstatRnSpec,
  ifconfigDetailsSpec,
  dladmLinksSpec,
  timezoneSpec,
  bootTimeSpec,
  kstatPagesSpec,
  swapListSpec,
  swapSummarySpec,
  iostatEnSpec,
  zpoolListSpec,
  cpuInfoSpec,
  pkgListSpec,
  pkginfoSpec,
  svcsSpec,
];

/** Every sunos parser, by name. */
export const sunosParsers: Record<string, ParserSpec> = Object.fromEntries(specs.map((spec) => [spec.name, spec]));
