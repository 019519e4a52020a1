/**
 * POSIX shell quoting, so any value that ends up in a command (an interface name, a zone name, a user's
 * argument) is passed as one literal word.
 */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one value as a single POSIX shell word.
 * @example
 * shellQuote("eth0;rm -rf /") // => "'eth0;rm -rf /'"
 */
export function shellQuote(value: string | number): string {
  const s = String(value);
  if (s.length > 0 && SAFE.test(s)) return s;
  if (s.includes('\0')) throw new TypeError(`shellQuote: a NUL byte cannot be passed in a shell word: ${JSON.stringify(s)}`);
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A tagged template that quotes every interpolated value (arrays become several quoted words).
 * @example
 * sh`ip -j addr show dev ${name}` // name = "$(reboot)" => "ip -j addr show dev '$(reboot)'"
 */
export function sh(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number | ReadonlyArray<string | number>>): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += (Array.isArray(v) ? (v as ReadonlyArray<string | number>).map(shellQuote).join(' ') : shellQuote(v as string | number)) + (strings[i + 1] ?? '');
  }
  return out;
}
