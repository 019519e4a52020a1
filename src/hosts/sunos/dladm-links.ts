/**
 * Datalinks of Solaris 11 and illumos from `dladm show-link` (`LINK CLASS MTU STATE [BRIDGE] OVER`)
 * and `dladm show-phys` (`LINK MEDIA STATE SPEED DUPLEX DEVICE`), the tables people paste and the
 * releases agree on. Columns are found by their header (Solaris 11.2 has no BRIDGE column). OVER is
 * the last column and lists an aggregation's ports separated by blanks (illumos) or commas
 * (Solaris 11); `--` is none. A speed of 0 is unknown. Solaris 10's dladm has neither table (its
 * show-phys fails): ifconfig-details is the source there.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { InterfaceDetailTable, type InterfaceDetails } from '../common/interface-details.js';
import { isLinkName } from './dladm-table.js';
import { splitLines } from './text.js';

const NAME = 'sunos.dladm-links';
const HEADER_WORD = /^[A-Z][A-Z0-9_#-]*$/;
const GROUPS = new Set(['aggr', 'bridge', 'ipmp']);

function parse(stdout: string): InterfaceDetails {
  const table = new InterfaceDetailTable(NAME);
  let header: string[] | undefined;
  for (const raw of splitLines(NAME, stdout)) {
    const cells = raw.trim().split(/\s+/);
    if (cells[0] === '') continue;
    if (cells[0] === 'LINK' && cells.every((c) => HEADER_WORD.test(c))) {
      header = cells;
      continue;
    }
    if (header === undefined || !isLinkName(cells[0]!)) throw new ParseError(NAME, 'expected a dladm show-link or show-phys row under its header', raw);
    const at = (column: string): string | undefined => {
      const i = header!.indexOf(column);
      const cell = i < 0 ? undefined : column === 'OVER' ? cells.slice(i).join(' ') : cells[i];
      return cell === undefined || cell === '--' ? undefined : cell;
    };
    const detail = table.get(cells[0]!);
    const state = at('STATE');
    if (state !== undefined) detail.up = state === 'up' ? true : state === 'down' ? false : detail.up;
    if (header.includes('CLASS')) {
      const cls = at('CLASS');
      detail.type = cls !== undefined && /^[a-z][a-z0-9_]{0,15}$/.test(cls) ? cls : null;
      const mtu = at('MTU');
      detail.mtu = mtu !== undefined && /^[0-9]{1,9}$/.test(mtu) ? Number(mtu) : null;
      const over = at('OVER');
      if (cls !== undefined && GROUPS.has(cls) && over !== undefined) for (const member of over.split(/[\s,]+/).filter(isLinkName)) table.addMember(cells[0]!, member);
    } else if (header.includes('SPEED')) {
      const speed = at('SPEED');
      detail.speed_mbps = speed !== undefined && /^[0-9]{1,9}$/.test(speed) && Number(speed) > 0 ? Number(speed) : null;
    } else {
      throw new ParseError(NAME, 'a table with neither CLASS nor SPEED', header.join(' '));
    }
  }
  return table.toRecord();
}

/** Class, MTU, state, speed and aggregation members of each datalink. */
export const dladmLinksSpec: ParserSpec<InterfaceDetails> = {
  name: NAME,
  command: '/usr/sbin/dladm show-link && /usr/sbin/dladm show-phys',
  parse,
  description: 'dladm show-link and show-phys: per datalink class (phys, aggr, vnic, etherstub...), MTU, up, speed and aggregation ports (Solaris 11, illumos)',
};
