/**
 * The progress bar of a fleet scan, drawn by `cli-progress` on stderr: done / failed / total, hosts per
 * second and the ETA. Only on a terminal and never with `--quiet`: a log file or a pipe gets nothing
 * of it, and stdout never does.
 */
import { escapeControls } from '../escape-controls.js';
import type { HostReport } from '../hosts/report.js';

/** What the scan tells the bar. */
export interface Progress {
  /** A host finished (whatever its status). */
  hostDone(report: HostReport): void;
  /** Removes the bar, so messages that follow start on a clean line. */
  stop(): void;
}

const SILENT: Progress = { hostDone: () => undefined, stop: () => undefined };

/** Starts the bar of `total` hosts. */
export type ProgressStarter = (total: number) => Progress;

/**
 * What draws the bar on `stream`: a real bar when it is a terminal, else a no-op. Off a terminal or
 * with `--quiet`, cli-progress is not even loaded: a scan piped or logged starts without it. Loaded
 * ahead of the bar, which may have to start where nothing can wait (when a run's size is learnt).
 * @example
 * const progress = (await progressOn(process.stderr, { quiet: false }))(targets.length);
 */
export async function progressOn(stream: NodeJS.WritableStream, options: { quiet: boolean }): Promise<ProgressStarter> {
  if (options.quiet || (stream as NodeJS.WriteStream).isTTY !== true) return () => SILENT;
  const { default: cliProgress } = await import('cli-progress');
  return (total) => (total === 0 ? SILENT : startBar(cliProgress, total, stream as NodeJS.WriteStream));
}

function startBar(cliProgress: typeof import('cli-progress'), total: number, stream: NodeJS.WriteStream): Progress {
  let failed = 0;
  const bar = new cliProgress.SingleBar({
    stream,
    format: (barOptions, params) => progressLine(cliProgress.Format.BarFormat(params.progress, barOptions), params.value, params.total, failed, Date.now() - params.startTime, params.maxWidth),
    barCompleteChar: '█',
    barIncompleteChar: '░',
    barsize: 24,
    clearOnComplete: true,
    // Neither a hidden cursor nor disabled line wrapping: a second Ctrl-C ends the process without
    // `stop()`, and the terminal must not be left in either state. The line is cut to width instead.
    hideCursor: false,
    linewrap: true,
    // Redrawn on a timer, so the rate and ETA move while slow hosts keep everyone waiting.
    etaAsynchronousUpdate: true,
    fps: 5,
  });
  bar.start(total, 0);
  return {
    hostDone(report) {
      if (report.status === 'failed') failed += 1;
      bar.increment();
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * One line of the bar, at most `width - 1` columns.
 * @example
 * progressLine('██░░', 2, 4, 1, 10_000, 80); // => 'scanning ██░░ 2/4 hosts | 1 failed | 0.2 hosts/s | ETA 10s'
 */
export function progressLine(bar: string, done: number, total: number, failed: number, elapsedMs: number, width: number): string {
  const rate = done / Math.max(elapsedMs / 1000, 0.001);
  const eta = done === 0 ? '?' : formatEta((total - done) / rate);
  // Escaped before it is cut: whatever a label ever holds, the bar never writes a control character.
  const line = escapeControls(`scanning ${bar} ${done}/${total} hosts | ${failed} failed | ${rate.toFixed(1)} hosts/s | ETA ${eta}`);
  return [...line].slice(0, Math.max(width - 1, 20)).join('');
}

function formatEta(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
