/**
 * Reads the human-readable tables of `dladm show-*`: an upper-case header (`LINK  SLOT  ADDRESS ...`)
 * then one whitespace-separated row per link, `--` standing for "none". Columns are found by their
 * header name because they differ between releases (illumos adds ZONE; Solaris 11.2 says VIDS, 11.3
 * IDS), and no value in these tables contains a blank.
 */
import { ParseError } from '../parse-error.js';
import { splitLines } from './text.js';

/** One table row, by upper-case column name; `--` and missing cells are null. */
export type DladmRow = Readonly<Record<string, string | null>>;

const HEADER_WORD = /^[A-Z][A-Z0-9_#-]*$/;

/**
 * Parses a dladm table, requiring the header to hold every column in `required`. A blank output is
 * an empty table: dladm prints no header at all when there is nothing to list.
 */
export function parseDladmTable(parser: string, stdout: string, required: readonly string[]): DladmRow[] {
  const lines = splitLines(parser, stdout).filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines.shift()?.trim().split(/\s+/) ?? [];
  if (header.length === 0 || !header.every((w) => HEADER_WORD.test(w)) || !required.every((c) => header.includes(c))) {
    throw new ParseError(parser, `expected a header with ${required.join(', ')}`, lines[0] ?? stdout.slice(0, 80));
  }
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    if (cells.length > header.length) throw new ParseError(parser, `row has ${cells.length} cells, header ${header.length}`, line);
    const row: Record<string, string | null> = {};
    header.forEach((column, i) => {
      const cell = cells[i];
      row[column] = cell === undefined || cell === '--' ? null : cell;
    });
    return row;
  });
}

/** True for a datalink name (`net0`, `e1000g0`, `aggr1`); Solaris 11 prefixes a zone: `zone1/vnic1`. */
export function isLinkName(text: string): boolean {
  return /^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\/)?[A-Za-z][A-Za-z0-9_.]{0,31}$/.test(text);
}
