/**
 * The saga of the `local` fact: facts the host's own administrators wrote down in facts.d folders, as
 * Ansible's `ansible_local` and Facter's external facts — one command frames every file, and the
 * files are parsed here, on the scanning side. Executable fact files run only when the scan allows it
 * (`--local-facts-exec`, the run context's `LOCAL_FACTS_EXEC`).
 */
import { call } from '../../effects/call.js';
import { getContext } from '../../effects/context.js';
import { exec } from '../../effects/exec.js';
import type { Saga } from '../../effects/effect.js';
import type { FactContext } from '../define-fact.js';
import { CommandFailedError } from '../probe.js';
import { localFactsCommand } from './command.js';
import { needsYaml, parseLocalFacts, type LocalFacts, type YamlParser } from './parse.js';

/** The run-context key that allows executable fact files (set by `scanHost({ localFactsExec: true })`). */
export const LOCAL_FACTS_EXEC = 'plesio.localFactsExec';

// Four folders of at most 256 files of at most 64 KiB, each line one byte longer for its frame.
const MAX_OUTPUT_BYTES = 80 * 1024 * 1024;

/**
 * Reads the facts.d folders of the host.
 * @example
 * const { value } = await runFact(localFact, { commands: { [localFactsCommand({ exec: false })]: output } });
 */
export function* localFactsSaga(ctx: FactContext): Saga<LocalFacts> {
  const allowed = (yield* getContext<boolean | undefined>(LOCAL_FACTS_EXEC)) === true;
  const command = localFactsCommand({ exec: allowed });
  const out = yield* exec(command, { timeoutMs: ctx.timeoutMs, maxOutputBytes: MAX_OUTPUT_BYTES });
  if (out.code === null || (out.code !== 0 && out.stdout.trim() === '')) throw new CommandFailedError('the local facts script', out);
  // The YAML parser loads only for a host that has a YAML file (or output) to read.
  const yaml = needsYaml(out.stdout) ? yield* call(loadYaml) : undefined;
  return parseLocalFacts(out.stdout, yaml);
}

async function loadYaml(): Promise<YamlParser> {
  const { parse } = await import('yaml');
  return (text) => parse(text, { maxAliasCount: 100 });
}
