/**
 * The opt-in `services` fact, shared by systemd and OpenRC (Linux) and SMF (SunOS): every service the
 * init system knows, its state now and whether it starts at boot.
 */
import { enforceCap, LIMITS } from './limits.js';

/** One service. */
export interface Service {
  /** `sshd.service`, `sshd` (OpenRC), `svc:/network/ssh:default` (SMF). */
  readonly name: string;
  /**
   * The init system's word: `running`, `exited`, `failed`, `dead` (systemd sub-states), `started`,
   * `stopped` (OpenRC), `online`, `maintenance`, `disabled` (SMF)...; `null` where it could not say
   * (systemd's unit files read without a running systemd).
   */
  readonly state: string | null;
  /** Starts at boot; `null` where the init system cannot say (static or generated units, legacy rc scripts). */
  readonly enabled: boolean | null;
}

/** Appends a service, stopping at `LIMITS.services`. */
export function pushService(parser: string, list: Service[], service: Service): void {
  list.push(service);
  enforceCap(parser, 'services', list.length, LIMITS.services);
}
