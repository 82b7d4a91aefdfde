// Run by the judge tests in a process of its own: as another user (through setpriv), or holding
// descriptors it did not open (as a supervisor's child would). Runs judge() or runLimited() of the
// built package, as the JSON argument says, and prints the result as one line of JSON.
import { judge, runLimited } from '../../dist/judge/index.js';

const job = JSON.parse(process.argv[2]);
const result = job.judge
  ? await judge(job.judge)
  : await runLimited(job.file, job.args ?? [], { ...job.options, ...(job.input ? { input: job.input } : {}) });
// With this process's id: the tests look for anything it left behind.
const printed = { ...result, judgePid: process.pid };
process.stdout.write(`${JSON.stringify(printed, (key, value) => (key === 'stdoutBuffer' ? undefined : value))}\n`);
