import { describe, expect, it } from 'vitest';
import { cleanDmiUuid, cleanDmiValue } from '../../../src/hosts/common/dmi.js';

describe('cleanDmiValue', () => {
  it.each([
    'To Be Filled By O.E.M.', 'To be filled by O.E.M.', 'Not Specified', 'None', 'Default string',
    'System Product Name', '0123456789', 'Not Applicable', '', '   ', '<BAD INDEX>', 'N/A',
  ])('turns the placeholder %j into null', (placeholder) => {
    expect(cleanDmiValue(placeholder)).toBeNull();
  });

  it.each(['00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '0000000000'])(
    'turns the unset serial or UUID %j into null',
    (value) => {
      expect(cleanDmiValue(value)).toBeNull();
    },
  );

  it('keeps a real value and trims it', () => {
    expect(cleanDmiValue('  PowerEdge R640 \n')).toBe('PowerEdge R640');
  });

  it('writes a UUID in lowercase', () => {
    expect(cleanDmiUuid('85BE9500-B83F-11DC-AF47-C86000D9D4E7')).toBe('85be9500-b83f-11dc-af47-c86000d9d4e7');
  });
});
