/**
 * `plesio diff` output: a readable summary (`+` new host or fact, `-` removed, `~` changed, with the
 * difference of numbers and of address lists) or the `RunDiff` itself as JSON. The text is for a
 * terminal: host names, notes and values come from hosts, so each line is escaped.
 */
import { escapeControls } from '../escape-controls.js';
import type { FactChange, RunDiff } from './diff.js';

/**
 * Renders a diff for people; `a` and `b` name the two runs in the heading.
 * @example
 * process.stdout.write(formatDiff(diffRuns(before, after), 'latest~1', 'latest'));
 */
export function formatDiff(diff: RunDiff, a: string, b: string): string {
  const counts = [
    `${diff.added.length} new ${plural(diff.added.length, 'host')}`,
    `${diff.removed.length} removed`,
    `${diff.changed.length} changed`,
    `${diff.unchanged} unchanged`,
  ];
  const lines = [`${a} → ${b}: ${counts.join(', ')}`];
  for (const host of diff.added) lines.push(`+ ${host} (new)`);
  for (const host of diff.removed) lines.push(`- ${host} (removed)`);
  for (const host of diff.changed) {
    lines.push(`~ ${host.host}`);
    const why = host.error === null ? '' : ` (${host.error.code}: ${host.error.message})`;
    if (host.status !== null) lines.push(`    status: ${host.status.before} → ${host.status.after}${why}`);
    else if (host.error !== null) lines.push(`    error: ${host.error.code}: ${host.error.message}`);
    for (const note of host.notes) lines.push(`    ${note}`);
    for (const change of host.changes) lines.push(`    ${formatChange(change)}`);
  }
  return lines.map(escapeControls).join('\n') + '\n';
}

/**
 * One change on one line.
 * @example
 * formatChange({ path: 'installed_memory_in_MB', kind: 'changed', before: 16384, after: 8192 });
 * // => 'installed_memory_in_MB: 16384 → 8192 (-8192)'
 */
export function formatChange(change: FactChange): string {
  if (change.kind === 'added') return `+ ${change.path}: ${show(change.after)}`;
  if (change.kind === 'removed') return `- ${change.path}: ${show(change.before)}`;
  const { before, after } = change;
  if (typeof before === 'number' && typeof after === 'number') {
    const delta = after - before;
    return `${change.path}: ${before} → ${after} (${delta > 0 ? '+' : ''}${delta})`;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const gone = before.filter((v) => !after.some((w) => show(w) === show(v)));
    const added = after.filter((v) => !before.some((w) => show(w) === show(v)));
    if (gone.length + added.length > 0) return `${change.path}: ${[...added.map((v) => `+${show(v)}`), ...gone.map((v) => `-${show(v)}`)].join(' ')}`;
  }
  return `${change.path}: ${show(before)} → ${show(after)}`;
}

/** A value in one line of at most 120 characters. */
function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
