/**
 * Run ids: one per scan run, whether it ran here (`plesio scan --store`) or through a queue (`plesio
 * scan --redis`), so a queued run is stored under the id its jobs carry.
 */
import { randomBytes } from 'node:crypto';

/**
 * A new run id: the UTC time then random hex, so ids sort by time and never collide.
 * @example
 * newRunId(new Date('2025-06-01T12:00:00Z')); // => '20250601T120000Z-9f3a21bc' (random suffix)
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}
