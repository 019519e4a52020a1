import { PlesioError } from '../errors.js';

/**
 * The only error a parser may return or throw: the command's output did not have the expected shape.
 * `excerpt` holds the first offending line (truncated), to debug without dumping whole outputs.
 */
export class ParseError extends PlesioError {
  readonly parser: string;
  readonly excerpt: string | undefined;

  constructor(parser: string, message: string, excerpt?: string) {
    super('parse', `${parser}: ${message}${excerpt === undefined ? '' : ` (near ${JSON.stringify(excerpt.slice(0, 80))})`}`);
    this.parser = parser;
    this.excerpt = excerpt === undefined ? undefined : excerpt.slice(0, 200);
  }
}
