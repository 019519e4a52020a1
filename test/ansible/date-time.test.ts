/**
 * `ansible_date_time` against the installed Ansible's own DateTimeFactCollector, run with the same
 * instant (time.time and time.strftime patched) in the host's time zone (TZ), for zones east and west of UTC, with
 * half-hour offsets and summer time, and instants where the week number and the year turn over. The
 * host's offset and abbreviation are what `date` prints there, as plesio's timezone fact reads them.
 */
import { execFile, execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { dateTimeFacts } from '../../src/ansible/date-time.js';
import { ansiblePython } from '../support/ansible-env.js';

const ORACLE = `
import json, os, sys, time
from unittest import mock
from ansible.module_utils.facts.system.date_time import DateTimeFactCollector
real_strftime, real_localtime = time.strftime, time.localtime
out = []
for case in json.load(sys.stdin):
    os.environ['TZ'] = case['tz']
    time.tzset()
    # time.strftime('%Z') without a time reads the clock itself: give it the same instant.
    strftime = lambda fmt, t=None: real_strftime(fmt, real_localtime(case['epoch']) if t is None else t)
    with mock.patch('time.time', lambda: case['epoch']), mock.patch('time.strftime', strftime):
        out.append(DateTimeFactCollector().collect()['date_time'])
print(json.dumps(out))
`;

const CASES = [
  { tz: 'UTC', epoch: 1_700_000_000.123 },
  { tz: 'Europe/Berlin', epoch: 1_719_835_200.5 }, // summer time
  { tz: 'Europe/Berlin', epoch: 1_735_689_599 }, // the last second of 2024 in UTC, 2025 in Berlin
  { tz: 'America/New_York', epoch: 1_704_067_200 }, // 2024-01-01 00:00 UTC, still 2023 in New York
  { tz: 'Asia/Kolkata', epoch: 1_709_164_800.999 }, // 2024-02-29
  { tz: 'America/St_Johns', epoch: 1_672_531_200 }, // -03:30
  { tz: 'Pacific/Chatham', epoch: 1_688_000_000 }, // +12:45
  { tz: 'Asia/Tokyo', epoch: 1_704_585_600 }, // a Sunday: %W still counts the week from Monday
];

function oracle(): Promise<Record<string, string>[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(ansiblePython(), ['-c', ORACLE], (error, stdout, stderr) => (error !== null ? reject(new Error(stderr)) : resolve(JSON.parse(stdout) as Record<string, string>[])));
    child.stdin!.end(JSON.stringify(CASES));
  });
}

/** What plesio's timezone fact holds on a host in `tz` at `epoch`: `date +%Z` and `date +%z`, as +hh:mm. */
function timezoneFact(tz: string, epoch: number): Record<string, string> {
  const [abbreviation, offset] = execFileSync('date', ['-d', `@${Math.floor(epoch)}`, '+%Z %z'], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).trim().split(' ') as [string, string];
  return { name: tz, abbreviation, utc_offset: `${offset.slice(0, 3)}:${offset.slice(3)}` };
}

describe('ansible_date_time', () => {
  test('has Ansible\'s values for the same instant in the host\'s zone, every one of them but tz_dst', async () => {
    const expected = await oracle();
    CASES.forEach(({ tz, epoch }, i) => {
      const { tz_dst: _, ...theirs } = expected[i]!;
      const ours = dateTimeFacts({ timezone: timezoneFact(tz, epoch) }, new Date(Math.round(epoch * 1000)))['date_time'];
      expect(ours, `${tz} at ${epoch}`).toEqual(theirs);
    });
  });

  test('without the host\'s zone, has only the keys that do not depend on it', () => {
    expect(dateTimeFacts({}, new Date(Date.UTC(2024, 1, 29, 12, 0, 5, 42)))).toEqual({
      date_time: { epoch: '1709208005', epoch_int: '1709208005', iso8601: '2024-02-29T12:00:05Z', iso8601_micro: '2024-02-29T12:00:05.042000Z' },
    });
  });
});
