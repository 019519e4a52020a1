/**
 * What the fleet bench must undo however it ends — Ctrl-C, SIGTERM, a crash, a normal exit: a
 * registry of synchronous clean-ups, run in the order they were registered (the namespace's processes
 * are killed before their cgroups and directories go), once. Each registration returns its own
 * `done()`, for when the bench undid that part itself.
 */
const cleanups = new Set();
let installed = false;

/** Registers `undo` (synchronous) for exit and signals; returns a function that unregisters it. */
export function atExit(undo) {
  install();
  cleanups.add(undo);
  return () => void cleanups.delete(undo);
}

function runAll() {
  for (const undo of [...cleanups]) {
    cleanups.delete(undo);
    try {
      undo();
    } catch {
      // Undo what can be undone; one failure must not keep the others from running.
    }
  }
}

function install() {
  if (installed) return;
  installed = true;
  process.once('exit', runAll);
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.once(signal, () => {
      runAll();
      // The conventional status of a process ended by a signal.
      process.exit(128 + number);
    });
  }
}
