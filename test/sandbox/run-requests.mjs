// Run by the sandbox tests in a fresh process (as uid 65534, or with a leaked descriptor): a list of
// requests as JSON in argv[2], each a sandboxed step, a compile or a plain execFile; prints the results as JSON.
import { compile } from '../../dist/compile/index.js';
import { execFile } from '../../dist/process/index.js';
import { runSandboxedStep } from '../../dist/sandbox/index.js';

const requests = JSON.parse(process.argv[2]);
const results = [];
for (const request of requests) {
  try {
    if (request.step) results.push(await runSandboxedStep(request.step));
    else if (request.plain) results.push(await execFile(request.plain[0], request.plain.slice(1)));
    else results.push(await compile(request.sources, request.options));
  } catch (error) {
    results.push({ thrown: error.message });
  }
}
console.log(JSON.stringify(results));
