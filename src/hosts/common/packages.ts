/**
 * The opt-in `packages` fact, shared by the package manager parsers of Linux (dpkg, rpm, apk) and
 * SunOS (IPS `pkg`, SVR4 `pkginfo`): every installed package, in the order the manager listed them.
 */
import { enforceCap, LIMITS } from './limits.js';

/** Which manager installed a package. */
export type PackageManager = 'dpkg' | 'rpm' | 'apk' | 'pkg' | 'pkginfo';

/** One installed package. */
export interface Package {
  readonly name: string;
  /** As the manager prints it (`1:2.36-9+deb12u4`, `0:1.2.3-4.el9`, `0.5.11-151038.0`). */
  readonly version: string;
  /** `amd64`, `x86_64`, `noarch`, `i386`, `sparc`; `null` where the manager does not say (IPS). */
  readonly arch: string | null;
  readonly manager: PackageManager;
}

/** Appends a package, stopping at `LIMITS.packages`. */
export function pushPackage(parser: string, list: Package[], pkg: Package): void {
  list.push(pkg);
  enforceCap(parser, 'packages', list.length, LIMITS.packages);
}
