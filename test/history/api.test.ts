/** Pins the public surface of `src/history`: a change to it is a decision, not an accident. */
import { describe, expect, it } from 'vitest';
import * as history from '../../src/history/index.js';

describe('the history module', () => {
  it('exports exactly its documented functions, classes and constants', () => {
    expect(Object.keys(history).sort()).toEqual([
      'DEFAULT_IGNORED', 'ScanStore', 'StoreError', 'UnknownRunError', 'diffRuns', 'diffValues', 'formatChange', 'formatDiff', 'newRunId',
      'openStore', 'recordRun',
    ]);
  });
});
