import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FileFormatError, HostKeyMismatchError, HostKeyUnknownError } from '../../src/executors/errors.js';
import { loadKnownHosts, preferredKeyTypes, verifyHostKey, type HostKeyCheck } from '../../src/executors/ssh/host-key.js';
import { blobKeyType, fingerprint, knownHostsLine, knownHostsName, KnownHostsIndex, namesMatch, parseKnownHosts } from '../../src/executors/ssh/known-hosts.js';

/** A fresh ed25519 public key blob in SSH wire format. */
function ed25519Blob(): Buffer {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const type = Buffer.from('ssh-ed25519');
  const blob = Buffer.alloc(4 + type.length + 4 + raw.length);
  blob.writeUInt32BE(type.length, 0);
  type.copy(blob, 4);
  blob.writeUInt32BE(raw.length, 4 + type.length);
  raw.copy(blob, 8 + type.length);
  return blob;
}

/** A fresh ECDSA P-256 public key blob in SSH wire format. */
function ecdsaBlob(): Buffer {
  const point = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }).subarray(-65);
  return sshStrings(Buffer.from('ecdsa-sha2-nistp256'), Buffer.from('nistp256'), point);
}

/** SSH wire-format strings, each with its length first. */
function sshStrings(...parts: Buffer[]): Buffer {
  return Buffer.concat(parts.flatMap((part) => [Buffer.from([0, 0, part.length >> 8, part.length & 0xff]), part]));
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const keyA = ed25519Blob();
const keyB = ed25519Blob();
const b64 = (key: Buffer): string => key.toString('base64');

describe('parseKnownHosts', () => {
  test('plain, bracketed, hashed and marked lines are parsed with their file and line numbers', () => {
    const text = [
      '# a comment',
      '',
      `web1,10.0.0.1 ssh-ed25519 ${b64(keyA)} root@web1`,
      `[web2]:2222 ssh-ed25519 ${b64(keyA)}`,
      `${hashed('web3')} ssh-ed25519 ${b64(keyA)}`,
      `@revoked * ssh-ed25519 ${b64(keyB)}`,
      `@cert-authority *.example.com ssh-ed25519 ${b64(keyB)}`,
    ].join('\n');
    const hosts = parseKnownHosts(text, 'kh');
    expect(hosts.map((h) => [h.line, h.marker, h.keyType])).toEqual([
      [3, undefined, 'ssh-ed25519'],
      [4, undefined, 'ssh-ed25519'],
      [5, undefined, 'ssh-ed25519'],
      [6, 'revoked', 'ssh-ed25519'],
      [7, 'cert-authority', 'ssh-ed25519'],
    ]);
    expect(hosts[0]!.key.equals(keyA)).toBe(true);
  });

  test('a line without a key is an error naming the file and the line', () => {
    expect(() => parseKnownHosts(`web1 ssh-ed25519 ${b64(keyA)}\nweb2 ssh-ed25519\n`, '/home/me/.ssh/known_hosts')).toThrow(
      expect.objectContaining({ name: 'FileFormatError', file: '/home/me/.ssh/known_hosts', line: 2, message: expect.stringContaining('/home/me/.ssh/known_hosts:2') }),
    );
  });

  test('a key that is not valid base64 of the named type is an error', () => {
    expect(() => parseKnownHosts('web1 ssh-ed25519 not*base64', 'kh')).toThrow(FileFormatError);
    expect(() => parseKnownHosts(`web1 ssh-rsa ${b64(keyA)}`, 'kh')).toThrow(/kh:1: .*ssh-rsa/);
  });

  test('an unknown marker and a malformed hashed name are errors', () => {
    expect(() => parseKnownHosts(`@trusted web1 ssh-ed25519 ${b64(keyA)}`, 'kh')).toThrow(/unknown marker @trusted/);
    expect(() => parseKnownHosts(`|1|abc ssh-ed25519 ${b64(keyA)}`, 'kh')).toThrow(/hashed host name/);
  });
});

describe('namesMatch', () => {
  test('port 22 uses the bare name and other ports the bracketed form', () => {
    expect(knownHostsName('Web1', 22)).toBe('web1');
    expect(knownHostsName('web1', 2222)).toBe('[web1]:2222');
    expect(namesMatch('[web1]:2222', knownHostsName('web1', 2222))).toBe(true);
    expect(namesMatch('web1', knownHostsName('web1', 2222))).toBe(false);
  });

  test('comma lists, wildcards and negations match as in OpenSSH', () => {
    expect(namesMatch('a,b,web1', 'web1')).toBe(true);
    expect(namesMatch('*.example.com', 'db.example.com')).toBe(true);
    expect(namesMatch('web?', 'web7')).toBe(true);
    expect(namesMatch('*.example.com,!secret.example.com', 'secret.example.com')).toBe(false);
    expect(namesMatch('WEB1', 'web1')).toBe(true);
  });

  test('a hashed name matches only the name it was made from, bracketed form included', () => {
    expect(namesMatch(hashed('web3'), 'web3')).toBe(true);
    expect(namesMatch(hashed('web3'), 'web4')).toBe(false);
    expect(namesMatch(hashed('[web3]:2222'), '[web3]:2222')).toBe(true);
  });

  test('a written line, hashed or not, parses back and matches its host', () => {
    for (const hash of [false, true]) {
      const [entry] = parseKnownHosts(knownHostsLine('[web1]:2222', keyA, hash), 'kh');
      expect(entry!.key.equals(keyA)).toBe(true);
      expect(namesMatch(entry!.names, '[web1]:2222')).toBe(true);
      expect(entry!.names.startsWith('|1|')).toBe(hash);
    }
  });

  test('fingerprints have the OpenSSH SHA256 form and blobs name their type', () => {
    expect(fingerprint(keyA)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(blobKeyType(keyA)).toBe('ssh-ed25519');
    expect(blobKeyType(Buffer.from([0, 0]))).toBeUndefined();
  });
});

describe('verifyHostKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plesio-kh-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(text: string, policy: HostKeyCheck['policy'] = 'strict'): Promise<HostKeyCheck> {
    const file = join(dir, 'known_hosts');
    await writeFile(file, text);
    return { host: 'web1', name: '[web1]:2222', policy, known: await loadKnownHosts([file]), recordFile: file, hashNames: false, hostName: 'web1', port: 2222 };
  }

  test('a known key is accepted', async () => {
    expect(await verifyHostKey(await check(`[web1]:2222 ssh-ed25519 ${b64(keyA)}\n`), keyA)).toBeUndefined();
  });

  test('a changed key of a known type is a mismatch naming the file and line', async () => {
    const error = await verifyHostKey(await check(`# x\n[web1]:2222 ssh-ed25519 ${b64(keyA)}\n`, 'accept-new'), keyB);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect(error!.message).toContain('known_hosts:2');
    expect(error!.message).toContain(fingerprint(keyB));
  });

  test('a revoked key is refused even when also listed as known', async () => {
    const error = await verifyHostKey(await check(`[web1]:2222 ssh-ed25519 ${b64(keyA)}\n@revoked * ssh-ed25519 ${b64(keyA)}\n`), keyA);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect(error!.message).toContain('@revoked');
  });

  test('a cert-authority line never vouches for a host key', async () => {
    const error = await verifyHostKey(await check(`@cert-authority * ssh-ed25519 ${b64(keyA)}\n`), keyA);
    expect(error).toBeInstanceOf(HostKeyUnknownError);
  });

  test('an unknown host fails under the strict policy and leaves the file alone', async () => {
    const c = await check('');
    expect(await verifyHostKey(c, keyA)).toBeInstanceOf(HostKeyUnknownError);
    expect(await readFile(c.recordFile, 'utf8')).toBe('');
  });

  test('an unknown host is recorded under accept-new and is known afterwards', async () => {
    const c = await check(`other ssh-ed25519 ${b64(keyB)}`, 'accept-new');
    expect(await verifyHostKey(c, keyA)).toBeUndefined();
    const written = await readFile(c.recordFile, 'utf8');
    expect(written).toBe(`other ssh-ed25519 ${b64(keyB)}\n[web1]:2222 ssh-ed25519 ${b64(keyA)}\n`);
    const again = await loadKnownHosts([c.recordFile]);
    expect(await verifyHostKey({ ...c, policy: 'strict', known: again }, keyA)).toBeUndefined();
  });

  test('a key of another type than the known ones is a mismatch under every policy, naming the known types, and is not recorded', async () => {
    const text = `[web1]:2222 ssh-ed25519 ${b64(keyA)}\n`;
    for (const policy of ['accept-new', 'strict'] as const) {
      const c = await check(text, policy);
      const error = await verifyHostKey(c, ecdsaBlob());
      expect(error).toBeInstanceOf(HostKeyMismatchError);
      expect(error!.message).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED: known_hosts has ssh-ed25519 keys for \[web1\]:2222 \(\S+known_hosts:1\), but the host offered none of them, only an ecdsa-sha2-nistp256 key SHA256:/);
      // Not steered towards accepting it: the way out is to check, then remove the old key.
      expect(error!.message).not.toContain('accept-new');
      expect(error!.message).toContain(`ssh-keygen -f ${c.recordFile} -R '[web1]:2222'`);
      expect(await readFile(c.recordFile, 'utf8')).toBe(text);
    }
  });

  test('a known key that plesio cannot verify still makes any other key a mismatch, saying so', async () => {
    const sk = sshStrings(Buffer.from('sk-ssh-ed25519@openssh.com'), randomBytes(32), Buffer.from('ssh:'));
    const c = await check(`[web1]:2222 sk-ssh-ed25519@openssh.com ${b64(sk)}\n`, 'accept-new');
    expect(preferredKeyTypes(c)).toEqual([]);
    const error = await verifyHostKey(c, keyA);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect(error!.message).toContain('plesio cannot verify sk-ssh-ed25519@openssh.com keys');
  });

  test('the known key types are offered first, RSA as its three signature algorithms', async () => {
    const rsa = sshStrings(Buffer.from('ssh-rsa'), Buffer.from([1, 0, 1]), randomBytes(256));
    const c = await check(`[web1]:2222 ecdsa-sha2-nistp256 ${b64(ecdsaBlob())}\n[web1]:2222 ssh-rsa ${b64(rsa)}\n@revoked [web1]:2222 ssh-ed25519 ${b64(keyA)}\n`);
    expect(preferredKeyTypes(c)).toEqual(['ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });

  test('an unknown host under the strict policy is told the flag and the ssh-keyscan line, quoted for the shell', async () => {
    const c = { ...(await check('')), recordFile: join(dir, "it's known_hosts") };
    const error = await verifyHostKey(c, keyA);
    expect(error).toBeInstanceOf(HostKeyUnknownError);
    expect(error!.message).toContain('--host-key-policy accept-new');
    expect(error!.message.endsWith(`add it with: ssh-keyscan -p 2222 web1 >> '${dir}/it'\\''s known_hosts'`)).toBe(true);
    const hashedNames = await verifyHostKey({ ...c, hashNames: true }, keyA);
    expect(hashedNames!.message).toContain('ssh-keyscan -H -p 2222 web1');
    // ssh-keyscan names keys by address and port: a HostKeyAlias must be written by hand.
    const aliased = await verifyHostKey({ ...c, name: 'web1-alias' }, keyA);
    expect(aliased!.message).toContain(`add it to '${dir}/it'\\''s known_hosts' under its HostKeyAlias web1-alias`);
    expect(aliased!.message).not.toContain('ssh-keyscan');
  });

  test('accept-new tells the listener of each recorded key, and a throwing listener changes nothing', async () => {
    const told: unknown[] = [];
    const c = { ...(await check('', 'accept-new')), onAdded: (added: unknown) => told.push(added) };
    expect(await verifyHostKey(c, keyA)).toBeUndefined();
    expect(await verifyHostKey(c, keyA)).toBeUndefined();
    expect(told).toEqual([{ host: 'web1', name: '[web1]:2222', keyType: 'ssh-ed25519', fingerprint: fingerprint(keyA), file: c.recordFile }]);
    const throwing = { ...(await check('', 'accept-new')), recordFile: join(dir, 'second'), onAdded: () => { throw new Error('listener bug'); } };
    expect(await verifyHostKey(throwing, keyB)).toBeUndefined();
    expect(await readFile(throwing.recordFile, 'utf8')).toBe(`[web1]:2222 ssh-ed25519 ${b64(keyB)}\n`);
  });

  test('missing known_hosts files are empty, not errors', async () => {
    const known = await loadKnownHosts([join(dir, 'nope')]);
    expect(known.size).toBe(0);
    expect(known.matching('web1')).toEqual([]);
  });

  test('an unchanged file is parsed once; a changed one is read again', async () => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `web1 ssh-ed25519 ${b64(keyA)}\n`);
    const first = await loadKnownHosts([file]);
    expect(await loadKnownHosts([file])).toBe(first);
    await writeFile(file, `web1 ssh-ed25519 ${b64(keyA)}\nweb2 ssh-ed25519 ${b64(keyB)}\n`);
    const second = await loadKnownHosts([file]);
    expect(second).not.toBe(first);
    expect(second.matching('web2').map((e) => e.key)).toEqual([keyB]);
  });
});

describe('KnownHostsIndex', () => {
  /** A names field: literal names, wildcards, negations, or one hashed name. */
  const word = fc.constantFrom('web1', 'web2', 'db1', '[web1]:2222', 'WEB1', 'a.example.com', 'b.example.com');
  const pattern = fc.oneof(word, fc.constantFrom('web?', '*.example.com', '*', '!web2', '!*.example.com', '[web1]:*'));
  const names = fc.oneof(
    fc.array(pattern, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(',')),
    word.map((name) => hashed(name.toLowerCase())),
  );

  test('looks up exactly the entries, in file order, that trying every line finds', () => {
    fc.assert(
      fc.property(fc.array(names, { minLength: 0, maxLength: 12 }), word, (fields, lookup) => {
        const text = fields.map((field) => `${field} ssh-ed25519 ${b64(keyA)}`).join('\n');
        const entries = parseKnownHosts(text, 'known_hosts');
        const index = new KnownHostsIndex(entries);
        const expected = entries.filter((entry) => namesMatch(entry.names, lookup));
        expect(index.matching(lookup)).toEqual(expected);
        // Asked again, after other names (a jump host's, say): the same answer.
        index.matching('other.example.net');
        expect(index.matching(lookup)).toEqual(expected);
        // A key recorded meanwhile is found next time.
        if (entries.length > 0) {
          const recorded = { ...entries[0]!, line: 0, names: lookup.toLowerCase(), marker: undefined };
          index.add(recorded);
          expect(index.matching(lookup)).toEqual([...expected, recorded]);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
