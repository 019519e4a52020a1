// Run by `npm run build`: tsc writes dist/cli/main.js without the execute bit. npm sets it when it
// links the bin, but only then: `npx plesio` remembers its link to this file across rebuilds and
// re-clones into the same folder, and would then meet a fresh, non-executable file
// ("sh: plesio: Permission denied"). Every build marks it executable itself.
import { chmodSync } from 'node:fs';

const bin = new URL('../dist/cli/main.js', import.meta.url);
chmodSync(bin, 0o755);
