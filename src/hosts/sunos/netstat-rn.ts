/**
 * `netstat -rn` on SunOS prints an IPv4 and an IPv6 table, each after a `Routing Table: IPv4|IPv6`
 * title, a column header and a dashed rule: `DESTINATION GATEWAY FLAGS REF USE [INTERFACE]`. IPv4
 * destinations have no mask; a route through a gateway has the G flag (otherwise the "gateway" is the
 * host's own address on that network); a default route added without `-ifp` names no interface.
 */
import type { ParserSpec } from '../fact.js';
import { ParseError } from '../parse-error.js';
import { RouteTable, type RoutingTable } from '../common/routes.js';
import { splitLines } from './text.js';

const NAME = 'sunos.netstat-rn';
const ADDRESS = /^(?:default|[0-9a-fA-F:.]{2,45}(?:\/[0-9]{1,3})?)$/;
const FLAGS = /^[A-Za-z]{1,16}$/;
const COUNT = /^-?[0-9]{1,20}$/;

function parse(stdout: string): RoutingTable {
  const table = new RouteTable(NAME);
  let family: 'inet' | 'inet6' | undefined;
  for (const raw of splitLines(NAME, stdout)) {
    const line = raw.trim();
    if (line === '' || /^-{3,}/.test(line) || /^Destination\b/.test(line)) continue;
    const title = /^Routing Table: IPv([46])$/.exec(line);
    if (title) {
      family = title[1] === '4' ? 'inet' : 'inet6';
      continue;
    }
    const cells = line.split(/\s+/);
    const [destination = '', gateway = '', flags = '', ref = '', use = '', iface] = cells;
    if (family === undefined || cells.length > 6 || !ADDRESS.test(destination) || !ADDRESS.test(gateway) || !FLAGS.test(flags) || !COUNT.test(ref) || !COUNT.test(use)) {
      throw new ParseError(NAME, 'expected "destination gateway flags ref use [interface]" in a routing table', line);
    }
    table.add(
      { family, destination, gateway: flags.includes('G') ? gateway : null, interface: iface ?? null, metric: null },
      destination === 'default' || destination === '::/0',
      !flags.includes('R') && !flags.includes('B'),
    );
  }
  if (family === undefined) throw new ParseError(NAME, 'no "Routing Table:" title', stdout.trim().split('\n')[0]);
  return table.toFacts();
}

/** Routes and default routes from `netstat -rn`. */
export const netstatRnSpec: ParserSpec<RoutingTable> = {
  name: NAME,
  command: '/usr/bin/netstat -rn',
  parse,
  description: 'netstat -rn: routes of both families and the IPv4/IPv6 default routes (gateway, interface when printed; no source address)',
};
