/**
 * Defaults and validation of the per-command options every executor shares, so the local and SSH
 * executors agree on what `timeoutMs: 0` or a missing `maxOutputBytes` means.
 */
import type { ExecOptions } from '../effects/command.js';

/** The output cap when neither the command nor the executor sets one: 16 MiB of stdout + stderr. */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The command timeout when neither the command nor the executor sets one: one minute. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

/** The executor-level defaults a command's own options override. */
export interface CommandDefaults {
  /** Per-command timeout in ms; `Infinity` for none. Default one minute. */
  commandTimeoutMs?: number;
  /** Per-command output cap in bytes (stdout + stderr). Default 16 MiB. */
  maxOutputBytes?: number;
}

/** `ExecOptions` with every default applied. */
export interface ResolvedExecOptions {
  timeoutMs: number;
  maxOutputBytes: number;
  sudo: boolean;
  signal: AbortSignal | undefined;
}

/** Applies the defaults to one command's options, rejecting nonsense with the option and value named. */
export function resolveExecOptions(options: ExecOptions | undefined, defaults: CommandDefaults): ResolvedExecOptions {
  const timeoutMs = options?.timeoutMs ?? defaults.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const maxOutputBytes = options?.maxOutputBytes ?? defaults.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  positive('timeoutMs', timeoutMs);
  positive('maxOutputBytes', maxOutputBytes);
  return { timeoutMs, maxOutputBytes, sudo: options?.sudo === true, signal: options?.signal };
}

/** Checks an executor option that must be a positive number (`Infinity` allowed). */
export function positive(name: string, value: unknown): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of ${name.endsWith('Bytes') ? 'bytes' : 'milliseconds'}, got ${String(value)}`);
  }
}

/** Checks an executor option that must be a whole number of at least 1. */
export function positiveInteger(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a whole number of at least 1, got ${String(value)}`);
  }
}

/** Checks the executor-level defaults once, when the executor is created. */
export function checkDefaults(defaults: CommandDefaults): void {
  if (defaults.commandTimeoutMs !== undefined) positive('commandTimeoutMs', defaults.commandTimeoutMs);
  if (defaults.maxOutputBytes !== undefined) positive('maxOutputBytes', defaults.maxOutputBytes);
}
