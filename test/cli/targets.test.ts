import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkPort, parseTarget } from '../../src/cli/targets.js';
import { UsageError } from '../../src/cli/usage-error.js';

describe('parseTarget', () => {
  test.each([
    ['web1', { user: undefined, host: 'web1', port: undefined }],
    ['deploy@web1', { user: 'deploy', host: 'web1', port: undefined }],
    ['deploy@web1.example.com:2222', { user: 'deploy', host: 'web1.example.com', port: 2222 }],
    ['10.0.0.7:22', { user: undefined, host: '10.0.0.7', port: 22 }],
    ['[2001:db8::7]:2200', { user: undefined, host: '2001:db8::7', port: 2200 }],
    ['admin@[::1]', { user: 'admin', host: '::1', port: undefined }],
    ['fe80::1%eth0', { user: undefined, host: 'fe80::1%eth0', port: undefined }],
    ['::1', { user: undefined, host: '::1', port: undefined }],
    ['prod_bastion', { user: undefined, host: 'prod_bastion', port: undefined }],
  ])('reads %s as user, host and port', (text, expected) => {
    expect(parseTarget(text)).toEqual({ label: text, ...expected });
  });

  test.each([
    ['', /empty/],
    ['web1:', /port after ":" is empty/],
    ['web1:http', /port "http" is not a number/],
    ['web1:70000', /not a number from 1 to 65535/],
    ['web1:0', /not a number from 1 to 65535/],
    ['@web1', /user before "@" is empty/],
    ['deploy@', /host is empty/],
    ['a:b:c', /IPv6 address with a port goes in brackets/],
    ['[2001:db8::1', /unbalanced brackets/],
    ['web 1', /white space/],
    ['-oProxyCommand=x', /cannot start with "-"/],
    ['web/1', /not a host name/],
  ])('rejects %j with a message that says what is wrong', (text, message) => {
    expect(() => parseTarget(text)).toThrow(UsageError);
    expect(() => parseTarget(text)).toThrow(message);
  });

  test('names the place a target came from in its error', () => {
    expect(() => parseTarget('web1:', 'hosts.ini:4')).toThrow(/^hosts\.ini:4: malformed target "web1:"/);
  });

  test('gives back the user, host and port of any well-formed user@host:port', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){0,3}$/);
    const user = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,15}$/);
    fc.assert(
      fc.property(fc.option(user, { nil: undefined }), name, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), (u, host, port) => {
        const text = `${u === undefined ? '' : `${u}@`}${host}${port === undefined ? '' : `:${port}`}`;
        expect(parseTarget(text)).toEqual({ label: text, user: u, host, port });
      }),
    );
  });
});

describe('checkPort', () => {
  test('accepts a port as a string or a number and rejects anything else, naming the setting', () => {
    expect(checkPort('2222', '--port')).toBe(2222);
    expect(checkPort(22, 'ansible_port')).toBe(22);
    expect(() => checkPort('22a', '--port')).toThrow('--port "22a" is not a port number from 1 to 65535');
  });
});
