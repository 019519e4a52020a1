import { describe, expect, test } from 'vitest';
import { expandHostRanges, splitPort } from '../../src/cli/inventory/host-pattern.js';

describe('expandHostRanges', () => {
  test('expands a numeric range keeping the width of a zero-padded start', () => {
    expect(expandHostRanges('web[01:03].example.com')).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com']);
    expect(expandHostRanges('node[8:10]')).toEqual(['node8', 'node9', 'node10']);
  });

  test('expands letter ranges, strides and several ranges in one name', () => {
    expect(expandHostRanges('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
    expect(expandHostRanges('n[0:10:5]')).toEqual(['n0', 'n5', 'n10']);
    expect(expandHostRanges('r[1:2]c[a:b]')).toEqual(['r1ca', 'r1cb', 'r2ca', 'r2cb']);
  });

  test('leaves names without a range, and IPv6 brackets, alone', () => {
    expect(expandHostRanges('web1')).toEqual(['web1']);
    expect(expandHostRanges('[2001:db8::1]')).toEqual(['[2001:db8::1]']);
  });

  test('rejects a backwards range, a mixed range and a zero stride', () => {
    expect(() => expandHostRanges('web[3:1]')).toThrow('starts after it ends');
    expect(() => expandHostRanges('web[1:c]')).toThrow('mixes a number and a letter');
    expect(() => expandHostRanges('web[1:3:0]')).toThrow('stride of 0');
  });
});

describe('splitPort', () => {
  test('splits host:port and [v6]:port but not a bare IPv6 address', () => {
    expect(splitPort('db1:5432')).toEqual({ name: 'db1', port: '5432' });
    expect(splitPort('[2001:db8::1]:22')).toEqual({ name: '2001:db8::1', port: '22' });
    expect(splitPort('2001:db8::1')).toEqual({ name: '2001:db8::1', port: undefined });
    expect(splitPort('web[01:03]')).toEqual({ name: 'web[01:03]', port: undefined });
    expect(splitPort('web[1:3]:2222')).toEqual({ name: 'web[1:3]', port: '2222' });
  });
});
