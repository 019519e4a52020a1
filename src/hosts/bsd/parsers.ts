import type { ParserSpec } from '../fact.js';
import { bsdCpu } from './cpu.js';
import { bsdDevice } from './device.js';
import { bsdDisks } from './disks.js';
import { bsdHostid } from './hostid.js';
import { freebsdVersion } from './freebsd-version.js';
import { freebsdGeomDisks } from './geom-disks.js';
import { freebsdJlsJson } from './jls-json.js';
import { freebsdJlsPlain } from './jls-plain.js';
import { freebsdKenv } from './kenv.js';
import { bsdMemory } from './memory.js';
import { bsdVirtualization } from './virtualization.js';

/** Every parser of FreeBSD, OpenBSD, NetBSD and DragonFly (`bsd.*` shared, `freebsd.*` FreeBSD/DragonFly), by name. */
export const bsdParsers: Record<string, ParserSpec> = Object.fromEntries(
  [bsdHostid, bsdMemory, bsdCpu, bsdVirtualization, bsdDevice, bsdDisks, freebsdKenv, freebsdJlsJson, freebsdVersion, freebsdGeomDisks, freebsdJlsPlain].map((spec) => [spec.name, spec as ParserSpec]),
);
