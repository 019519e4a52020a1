/**
 * The one escaping every output for people uses (issue 13.4): C0, DEL and C1 become visible `\xNN`,
 * everything else — text in any script, emoji — passes unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControls } from '../src/escape-controls.js';
import { progressLine } from '../src/cli/progress.js';

describe('escapeControls', () => {
  it('shows C0, DEL and C1 characters as \\x escapes', () => {
    expect(escapeControls('a\x1b]0;title\x07b\tc\nd\x7f\u0085\u009b2J')).toBe('a\\x1b]0;title\\x07b\\x09c\\x0ad\\x7f\\x85\\x9b2J');
  });

  it('leaves no control character in any string, and every other character as it was', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const shown = escapeControls(text);
      expect(shown).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
      expect(shown.replace(/\\x[0-9a-f]{2}/g, '')).toBe(text.replace(/\\x[0-9a-f]{2}/g, '').replace(/[\x00-\x1f\x7f-\x9f]/g, ''));
    }));
    expect(escapeControls('Debian GNU/Linux 12 — ünïcode ✓ 日本')).toBe('Debian GNU/Linux 12 — ünïcode ✓ 日本');
  });

  it('keeps the progress bar free of control characters, whatever it is given to show', () => {
    expect(progressLine('██\x1b[2J░░', 2, 4, 1, 10_000, 120)).toBe('scanning ██\\x1b[2J░░ 2/4 hosts | 1 failed | 0.2 hosts/s | ETA 10s');
  });
});
