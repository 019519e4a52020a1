/**
 * The `timezone` fact, from `date` and the system's zone setting on Linux and SunOS. Ansible reports
 * the abbreviation (`date_time.tz`) and offset, Facter the abbreviation; the IANA name is what an
 * operator configures and compares.
 */

/** The host's time zone; `null` where the host does not say. */
export interface Timezone {
  /** The zone's name (`Europe/Berlin`, `UTC`, Solaris `US/Pacific`). */
  readonly name: string | null;
  /** What `date +%Z` prints now (`CET`, `CEST`, `UTC`). */
  readonly abbreviation: string | null;
  /** The offset from UTC now, `+01:00`. */
  readonly utc_offset: string | null;
}

/** `+0100` (date +%z) as `+01:00`; anything else `null`. */
export function utcOffset(text: string | undefined): string | null {
  const m = /^([+-])([0-9]{2})([0-9]{2})$/.exec(text ?? '');
  return m === null ? null : `${m[1]}${m[2]}:${m[3]}`;
}

/** A time zone name as a path or a bare name gives it: `/usr/share/zoneinfo/Europe/Berlin` -> `Europe/Berlin`. */
export function zoneName(text: string | undefined): string | null {
  const value = (text ?? '').trim().replace(/^["']|["']$/g, '');
  const at = value.indexOf('zoneinfo/');
  const name = at >= 0 ? value.slice(at + 'zoneinfo/'.length) : value;
  // posix/ and right/ are the same zones with other leap-second handling.
  const bare = name.replace(/^(?:posix|right)\//, '');
  return /^[A-Za-z][A-Za-z0-9_+-]{0,30}(?:\/[A-Za-z0-9_+-]{1,30}){0,3}$/.test(bare) && bare !== 'localtime' ? bare : null;
}
