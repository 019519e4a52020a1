// Preloaded into the CLI process (`node --import ./process-probe.mjs …`). At exit it writes, as JSON, to
// the file named by PLESIO_BENCH_PROBE_FILE:
//   peakRssKiB   the peak resident set size (getrusage), what the operating system sees;
//   cpuMs        the CPU time plesio itself used (user + system), to tell its work from sshd's;
//   liveHeapMiB  with --expose-gc only: the largest heap left after a forced collection, sampled every
//                250 ms — the memory the scan really keeps, without V8's lazy collection in it.
import { writeFileSync } from 'node:fs';

const file = process.env.PLESIO_BENCH_PROBE_FILE;
let liveHeap = 0;
if (file && typeof globalThis.gc === 'function') {
  const sample = () => {
    globalThis.gc();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  setInterval(sample, 250).unref();
  process.on('exit', sample);
}
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    const probe = { peakRssKiB: usage.maxRSS, cpuMs, ...(liveHeap > 0 && { liveHeapMiB: Math.round(liveHeap / 104857.6) / 10 }) };
    writeFileSync(file, JSON.stringify(probe));
  });
}
