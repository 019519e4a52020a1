/**
 * The `ansible` format: one JSON object mapping each scanned host to the dictionary Ansible's fact cache
 * would hold for it (see src/ansible), in target order, each dictionary written as Ansible writes its
 * cache files. Hosts that could not be scanned have no dictionary and are left out (the summary on
 * stderr and the exit status name them).
 */
import type { AnsibleFacts } from '../../ansible/facts.js';
import { pythonJson } from '../../ansible/python-json.js';
import { ansibleView } from './ansible-view.js';
import type { ReportSink } from './sink.js';
import type { TextOutput } from './stream.js';

/**
 * A sink writing the `ansible` format to `output` at the end. Each dictionary is made when its host's
 * report arrives, so its `ansible_date_time` is when that host was done.
 */
export function ansibleSink(output: TextOutput): ReportSink {
  const held: Array<[string, AnsibleFacts]> = [];
  return {
    async write(report, index) {
      const facts = ansibleView(report);
      if (facts !== undefined) held[index] = [report.host, facts];
    },
    async end() {
      const entries = held.filter((entry) => entry !== undefined);
      if (entries.length === 0) return output.write('{}\n');
      for (const [i, [host, facts]] of entries.entries()) {
        await output.write(`${i === 0 ? '{\n' : ',\n'}    ${pythonJson(host)}: ${pythonJson(facts).replace(/\n/g, '\n    ')}`);
      }
      await output.write('\n}\n');
    },
  };
}
