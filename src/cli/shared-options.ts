/**
 * What several commands declare alike: kept out of the modules that do the work, so declaring the
 * commands (all `--help` and `--version` need) loads none of them.
 */
import type { Option } from 'commander';

/** The help of `--no-pipelining`, an option of both `plesio scan` and `plesio worker`. */
export const PIPELINING_HELP = 'run each command on an SSH channel of its own instead of through a few long-lived /bin/sh sessions (slower; for hosts where the session shell misbehaves)';

/** The values of `--format` of `plesio scan` and `plesio results`. */
export const FORMATS = ['json', 'ndjson', 'yaml', 'table', 'ansible'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * An option's help line as plesio writes it everywhere: the description, then `(default 32)` or
 * `(default $PLESIO_REDIS)` — once, in the words `scan --help` uses — and the choices only when the
 * description does not already name them all (issue 14, item 19).
 * @example
 * program.configureHelp({ optionDescription });
 */
export function optionDescription(option: Option): string {
  const extra: string[] = [];
  const choices = option.argChoices ?? [];
  if (choices.length > 0 && !choices.every((choice) => option.description.includes(choice))) extra.push(`one of ${choices.join(', ')}`);
  // A boolean's default (and --no-x's true) says nothing a person needs.
  if (option.defaultValue !== undefined && (option.required || option.optional)) extra.push(`default ${option.defaultValueDescription ?? String(option.defaultValue)}`);
  if (option.envVar !== undefined) extra.push(`default $${option.envVar}`);
  return extra.length === 0 ? option.description : `${option.description} (${extra.join('; ')})`;
}

/**
 * Commander's collector of a repeatable option (`-i a -i b`).
 * @example
 * command.option('-i, --identity <file>', 'a private key (repeatable)', collect);
 */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The help of `--plugin`, an option of `scan`, `facts` and `worker`. */
export const PLUGIN_HELP = 'load the facts of a plugin: a file (./acme.mjs) or an installed package (@acme/plesio-facts); repeatable';

/** The help of `--config`, an option of the commands that load plugins. */
export const CONFIG_HELP = 'read this config file instead of ~/.config/plesio/config.{json,yaml} and ./plesio.config.{json,yaml}';
