/**
 * `/sys/block`, for hosts without a JSON lsblk (util-linux before 2.27, BusyBox): one `grep -s .`
 * prints every readable attribute as `/sys/block/NAME/FILE:value`, so one command and no loop, and a
 * missing file (no `device/` for virtio or zram, no `serial` for SCSI) is simply absent. `size` counts
 * 512-byte sectors whatever the device's block size; `device/type` is the SCSI peripheral type
 * (0 disk, 1 tape, 5 CD/DVD).
 */
import type { ParserSpec } from '../fact.js';
import { DiskTable, LINUX_VIRTUAL_BLOCK, linuxDiskType, textOrNull, type Disks } from '../common/disks.js';
import { enforceCap, LIMITS } from '../common/limits.js';
import { parseError, splitLines } from '../common/text.js';

const NAME = 'linux.sys-block';
const LINE = /^\/sys\/block\/([^/\s:]{1,64})\/((?:device\/|queue\/)?[a-z_]{1,32}):(.*)$/;

/** Parses the grep output into the `disks` fact. */
export function parseSysBlock(stdout: string): Disks {
  const devices = new Map<string, Map<string, string>>();
  for (const line of splitLines(stdout)) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (m === null) throw parseError(NAME, 'not a "/sys/block/NAME/FILE:value" line', line);
    let files = devices.get(m[1]!);
    if (files === undefined) {
      files = new Map();
      devices.set(m[1]!, files);
      enforceCap(NAME, 'block devices', devices.size, LIMITS.disks);
    }
    if (!files.has(m[2]!)) files.set(m[2]!, m[3]!);
  }
  const table = new DiskTable(NAME);
  for (const [name, files] of devices) {
    if (LINUX_VIRTUAL_BLOCK.test(name)) continue;
    const sectors = files.get('size');
    const rotational = files.get('queue/rotational')?.trim();
    const scsiType = files.get('device/type')?.trim();
    const rot = rotational === '1' ? true : rotational === '0' ? false : null;
    table.set(name, {
      size_bytes: sectors !== undefined && /^[0-9]{1,15}$/.test(sectors.trim()) ? Number(sectors.trim()) * 512 : null,
      type: scsiType === '1' ? 'tape' : linuxDiskType(name, rot, scsiType === '5'),
      vendor: textOrNull(files.get('device/vendor')),
      model: textOrNull(files.get('device/model')),
      serial: textOrNull(files.get('device/serial') ?? files.get('serial')),
      wwn: textOrNull(files.get('device/wwid') ?? files.get('wwid')),
      rotational: rot,
    });
  }
  return table.toRecord();
}

const FILES = ['size', 'queue/rotational', 'device/type', 'device/vendor', 'device/model', 'device/serial', 'serial', 'device/wwid', 'wwid'];

/** Whole disks from /sys/block, the fallback of linux.lsblk. */
export const linuxSysBlock: ParserSpec<Disks> = {
  name: NAME,
  // The globs must stay unquoted for the shell to expand them; FILES are constants.
  command: 'grep -s . ' + FILES.map((f) => '/sys/block/*/' + f).join(' ') + ' || true',
  parse: parseSysBlock,
  description: 'Reads /sys/block/*/{size,queue/rotational,device/...} and returns each whole disk with size, type, vendor, model, serial, WWN and rotational.',
};
