import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FileFormatError, HostKeyMismatchError, HostKeyUnknownError } from '../../src/executors/errors.js';
import { loadKnownHosts, verifyHostKey, type HostKeyCheck } from '../../src/executors/ssh/host-key.js';
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
    return { host: 'web1', name: '[web1]:2222', policy, known: await loadKnownHosts([file]), recordFile: file, hashNames: false };
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
