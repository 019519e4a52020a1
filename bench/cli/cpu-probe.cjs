// Preloaded with `node --require` into every process the start-up benchmark spawns, bare Node included,
// so both sides pay the same (a CommonJS file, which starts no ESM loader of its own). At exit it
// writes the process's own CPU time (user + system, in ms, microsecond resolution) to the file named by
// PLESIO_BENCH_CPU_FILE.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.PLESIO_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, peakRssKiB: usage.maxRSS }));
  });
}
