/**
 * Splits one stream of a pipelined session (stdout or stderr, as raw bytes) into command output and the
 * session shell's marker lines: `<boundary> <field> <field>…\n`. The boundary is random per session, so
 * output that merely looks like a marker (another boundary, a NUL, a missing final newline, invalid
 * UTF-8) passes through as output. Bytes are never decoded, and a boundary split across chunks is found.
 */

/** Characters a marker field may hold: the session shell writes only digits, names and signal names. */
const FIELD = /^[A-Za-z0-9_.+-]+$/;

/** What the reader found: output bytes, or a marker's fields. */
export interface MarkerSink {
  data(bytes: Buffer): void;
  marker(fields: string[]): void;
}

/** The longest marker line after the boundary; anything longer is output that happens to hold it. */
const MAX_MARKER_BYTES = 512;
const NEWLINE = 0x0a;

/** One stream's reader; feed it chunks in order with `push`. */
export class MarkerReader {
  private readonly boundary: Buffer;
  private pending: Buffer = Buffer.alloc(0);

  constructor(boundary: string, private readonly sink: MarkerSink) {
    this.boundary = Buffer.from(boundary, 'latin1');
  }

  /** Reads one chunk, reporting output and markers as they complete. */
  push(chunk: Buffer): void {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    let pos = 0;
    for (;;) {
      const at = buf.indexOf(this.boundary, pos);
      if (at === -1) {
        // Hold back only a tail that could be the start of a boundary.
        const keep = this.partialBoundary(buf, pos);
        this.emit(buf, pos, buf.length - keep);
        if (keep > 0) this.pending = Buffer.from(buf.subarray(buf.length - keep));
        return;
      }
      this.emit(buf, pos, at);
      const start = at + this.boundary.length;
      const end = buf.indexOf(NEWLINE, start);
      if (end === -1 && buf.length - start <= MAX_MARKER_BYTES) {
        this.pending = Buffer.from(buf.subarray(at));
        return;
      }
      const fields = end === -1 || end - start > MAX_MARKER_BYTES ? undefined : parseFields(buf.toString('latin1', start, end));
      if (fields === undefined) {
        // Not a marker after all: the boundary's first byte is output; look again after it.
        this.emit(buf, at, at + 1);
        pos = at + 1;
        continue;
      }
      this.sink.marker(fields);
      pos = end + 1;
    }
  }

  private emit(buf: Buffer, from: number, to: number): void {
    if (to > from) this.sink.data(buf.subarray(from, to));
  }

  /** How many bytes at the end of `buf` (from `pos`) are a proper prefix of the boundary. */
  private partialBoundary(buf: Buffer, pos: number): number {
    const max = Math.min(this.boundary.length - 1, buf.length - pos);
    for (let k = max; k > 0; k--) {
      if (buf.compare(this.boundary, 0, k, buf.length - k, buf.length) === 0) return k;
    }
    return 0;
  }
}

/** `' E 3 c 0'` → `['E', '3', 'c', '0']`; undefined when the line is not one the session shell writes. */
function parseFields(line: string): string[] | undefined {
  if (!line.startsWith(' ')) return undefined;
  const fields = line.slice(1).split(' ');
  return fields.every((field) => FIELD.test(field)) ? fields : undefined;
}
