import { describe, expect, it } from 'vitest';
import { linuxLsblk, parseLsblk } from '../../../src/hosts/linux/lsblk.js';
import { linuxSysBlock, parseSysBlock } from '../../../src/hosts/linux/sys-block.js';
import { ParseError } from '../../../src/hosts/parse-error.js';
import { assertParserContract } from '../common/parser-fuzz.js';

describe('linux.lsblk', () => {
  it('reads typed values (util-linux 2.33+), trims SCSI vendor padding and tells SSD, disk and CD-ROM apart', () => {
    const out = JSON.stringify({
      blockdevices: [
        { name: 'sda', size: 4000787030016, type: 'disk', vendor: 'ATA     ', model: 'ST4000NM000A', serial: 'ZC1A2B3C', wwn: '0x5000c500a1b2c3d4', rota: true },
        { name: 'nvme0n1', size: 512110190592, type: 'disk', vendor: null, model: 'SAMSUNG MZVLB512HAJQ', serial: 'S4XX', wwn: 'eui.0025388b91b1c2d3', rota: false },
        { name: 'sr0', size: 1073741312, type: 'rom', vendor: 'QEMU', model: 'QEMU DVD-ROM', serial: null, wwn: null, rota: true },
        { name: 'loop0', size: 4096, type: 'loop', rota: false },
      ],
    });
    expect(parseLsblk(out)).toEqual({
      sda: { size_bytes: 4000787030016, type: 'disk', vendor: 'ATA', model: 'ST4000NM000A', serial: 'ZC1A2B3C', wwn: '0x5000c500a1b2c3d4', rotational: true },
      nvme0n1: { size_bytes: 512110190592, type: 'ssd', vendor: null, model: 'SAMSUNG MZVLB512HAJQ', serial: 'S4XX', wwn: 'eui.0025388b91b1c2d3', rotational: false },
      sr0: { size_bytes: 1073741312, type: 'cdrom', vendor: 'QEMU', model: 'QEMU DVD-ROM', serial: null, wwn: null, rotational: true },
    });
  });

  it('reads the all-string values of util-linux 2.27-2.32 and names a -p path by its device', () => {
    const out = '{"blockdevices": [{"name": "/dev/sdb", "size": "2000398934016", "type": "disk", "rota": "1"}]}';
    expect(parseLsblk(out)['sdb']).toMatchObject({ size_bytes: 2000398934016, type: 'disk', rotational: true });
  });

  it('gives a null size for a human-readable size (lsblk without -b) rather than a guess', () => {
    expect(parseLsblk('{"blockdevices": [{"name": "sda", "size": "20G", "type": "disk"}]}')['sda']!.size_bytes).toBeNull();
  });

  it('rejects the usage message of a lsblk without -J and JSON of another shape', () => {
    expect(() => parseLsblk('lsblk: invalid option -- \'J\'\n')).toThrow(ParseError);
    expect(() => parseLsblk('[]')).toThrow(ParseError);
    expect(() => parseLsblk('{"blockdevices": [{"size": 1}]}')).toThrow(ParseError);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxLsblk);
  });
});

describe('linux.sys-block', () => {
  it('reads a SCSI disk, an NVMe namespace and a CD-ROM, sizes in 512-byte sectors', () => {
    const out = [
      '/sys/block/sda/size:7814037168',
      '/sys/block/nvme0n1/size:1000215216',
      '/sys/block/sr0/size:2097151',
      '/sys/block/sda/queue/rotational:1',
      '/sys/block/nvme0n1/queue/rotational:0',
      '/sys/block/sr0/queue/rotational:1',
      '/sys/block/sda/device/type:0',
      '/sys/block/sr0/device/type:5',
      '/sys/block/sda/device/vendor:ATA     ',
      '/sys/block/sda/device/model:ST4000NM000A-2HZ100',
      '/sys/block/nvme0n1/device/model:Samsung SSD 970 EVO Plus 500GB',
      '/sys/block/nvme0n1/device/serial:S4EVNX0N123456',
      '/sys/block/sda/device/wwid:naa.5000c500a1b2c3d4',
      '/sys/block/nvme0n1/wwid:eui.0025385b91b1c2d3',
    ].join('\n');
    expect(parseSysBlock(out)).toEqual({
      sda: { size_bytes: 7814037168 * 512, type: 'disk', vendor: 'ATA', model: 'ST4000NM000A-2HZ100', serial: null, wwn: 'naa.5000c500a1b2c3d4', rotational: true },
      nvme0n1: { size_bytes: 1000215216 * 512, type: 'ssd', vendor: null, model: 'Samsung SSD 970 EVO Plus 500GB', serial: 'S4EVNX0N123456', wwn: 'eui.0025385b91b1c2d3', rotational: false },
      sr0: { size_bytes: 2097151 * 512, type: 'cdrom', vendor: null, model: null, serial: null, wwn: null, rotational: true },
    });
  });

  it('leaves out loop devices, RAM disks, device-mapper volumes and md arrays', () => {
    const out = '/sys/block/loop0/size:0\n/sys/block/ram0/size:131072\n/sys/block/dm-0/size:100\n/sys/block/md0/size:100\n/sys/block/vda/size:100\n';
    expect(Object.keys(parseSysBlock(out))).toEqual(['vda']);
  });

  it('keeps a model holding a colon whole', () => {
    expect(parseSysBlock('/sys/block/sda/device/model:Virtual:Disk\n')['sda']!.model).toBe('Virtual:Disk');
  });

  it('rejects a line that is not grep output over /sys/block', () => {
    expect(() => parseSysBlock('grep: /sys/block: No such file or directory\n')).toThrow(ParseError);
  });

  it('tolerates files that do not exist: grep -s, then true', () => {
    expect(linuxSysBlock.command).toMatch(/^grep -s \. .* \|\| true$/);
  });

  it('returns a value or throws ParseError on any input', () => {
    assertParserContract(linuxSysBlock);
  });
});
