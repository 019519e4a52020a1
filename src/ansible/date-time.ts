/**
 * `ansible_date_time` as Ansible's date_time collector (module_utils/facts/system/date_time.py) writes
 * it — every value a string — for the moment plesio had the host's facts. The UTC keys need only that
 * moment; the local ones (date, hour, tz…) need the host's UTC offset, plesio's `timezone` fact.
 */
import { nonEmpty, record } from './read.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `+01:00` (plesio's `timezone.utc_offset`) in minutes; `undefined` when malformed. */
function offsetMinutes(offset: string | undefined): number | undefined {
  const m = /^([+-])([0-9]{2}):?([0-9]{2})$/.exec(offset ?? '');
  if (m === null) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The `date_time` key (without the `ansible_` prefix) for `now`. */
export function dateTimeFacts(facts: Record<string, unknown>, now: Date): Record<string, unknown> {
  const epoch = String(Math.floor(now.getTime() / 1000));
  const utc = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}T${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
  const micro = pad(now.getUTCMilliseconds() * 1000, 6);
  const out: Record<string, string> = { epoch, epoch_int: epoch, iso8601: `${utc}Z`, iso8601_micro: `${utc}.${micro}Z` };
  const timezone = record(facts['timezone']);
  const minutes = offsetMinutes(nonEmpty(timezone?.['utc_offset']));
  if (minutes === undefined) return { date_time: out };
  // The host's wall clock: the same instant shifted by its offset, read with the UTC getters.
  const local = new Date(now.getTime() + minutes * 60_000);
  const [year, month, day] = [local.getUTCFullYear(), pad(local.getUTCMonth() + 1), pad(local.getUTCDate())];
  const [hour, minute, second] = [pad(local.getUTCHours()), pad(local.getUTCMinutes()), pad(local.getUTCSeconds())];
  const weekday = local.getUTCDay();
  const yearDay = Math.floor((Date.UTC(year, local.getUTCMonth(), local.getUTCDate()) - Date.UTC(year, 0, 1)) / 86_400_000);
  const abs = Math.abs(minutes);
  Object.assign(out, {
    year: String(year), month, day, hour, minute, second,
    weekday: DAYS[weekday], weekday_number: String(weekday),
    // strftime's %W: weeks starting on Monday, days before the year's first Monday in week 00.
    weeknumber: pad(Math.floor((yearDay + 7 - ((weekday + 6) % 7)) / 7)),
    date: `${year}-${month}-${day}`, time: `${hour}:${minute}:${second}`,
    iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micro}`,
    iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
    tz_offset: `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`,
    ...(nonEmpty(timezone?.['abbreviation']) !== undefined && { tz: timezone!['abbreviation'] }),
  });
  return { date_time: out };
}
