/**
 * Running a command through `sudo -n` and recognising sudo's refusal, so a fact that needs root can say
 * "needs root" instead of failing the host. `-n` never prompts: a scan must not hang on a password.
 */
import type { CommandResult } from '../effects/command.js';
import { shellQuote } from '../effects/quote.js';
import { quoteCommand } from './guard.js';
import { PrivilegeRequiredError } from './errors.js';

/**
 * The command line that runs `command` as root without prompting. The command goes through `/bin/sh -c`
 * so pipes and redirections inside it run as root too, not just its first word.
 */
export function sudoCommand(command: string): string {
  return `sudo -n -- /bin/sh -c ${shellQuote(command)}`;
}

// sudo's own refusals (sudo 1.8/1.9, C locale); the command's own failures never start with "sudo: ".
const REFUSAL = /^sudo: .*(password is required|terminal is required|not in the sudoers|is not allowed to|may not run sudo|must have a tty|account validation failure|no tty present).*$/m;
// The shell's "not found" for sudo itself: dash says "sudo: not found", bash "sudo: command not found".
const MISSING = /(^|\s)sudo: (command )?not found/m;

/** sudo's reason for refusing, when `result` is a refusal rather than the command's own outcome. */
export function sudoRefusal(result: CommandResult): string | undefined {
  if (result.code === 127 && MISSING.test(result.stderr)) return 'sudo is not installed';
  if (result.code !== 1) return undefined;
  const match = REFUSAL.exec(result.stderr);
  if (match) return match[0].trim();
  // An unknown sudo message (another locale, a newer sudo): nothing on stdout and only sudo talking.
  const lines = result.stderr.trim().split('\n');
  return result.stdout === '' && lines.length > 0 && lines.every((line) => line.startsWith('sudo: ')) ? lines[0]!.trim() : undefined;
}

/** Returns `result`, or throws `PrivilegeRequiredError` when sudo refused to run the command. */
export function checkSudo(result: CommandResult, host: string, command: string): CommandResult {
  const refusal = sudoRefusal(result);
  if (refusal === undefined) return result;
  throw new PrivilegeRequiredError(`${host}: ${quoteCommand(command)} needs root and sudo -n refused (${refusal})`, { host, command });
}
