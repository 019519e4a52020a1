// Preloaded with `node --import` into a process whose module loading a test wants to see: every
// module the process resolves (ESM imports, static and dynamic, and the packages they reach) is
// appended, one URL a line, to the file named by PLESIO_LOAD_LOG. Resolution hooks run on a thread
// of their own, so the file is written there, synchronously, and is complete when the process exits.
import { register } from 'node:module';

if (process.env.PLESIO_LOAD_LOG) register('./load-log-hooks.mjs', import.meta.url, { data: { file: process.env.PLESIO_LOAD_LOG } });
