// A build step (rustc, javac, go build) that runs into its limits is the submission's CE, and the
// report says which limit, as compile() does for C and C++: the compiler's last words are not the reason.
import { expect, it } from 'vitest';
import { BUILTIN_PROFILES, judge } from '../../src/judge/index.js';
import { describeWith, needs } from '../helpers/requirements.js';
import { fixture } from './helpers.js';

const rust = BUILTIN_PROFILES.find((profile) => profile.id === 'rust')!;

describeWith([needs.rustc(), needs.bwrap()], 'a compile-time loop in Rust', () => {
  it('ends at the build step’s time limit as CE, saying so', async () => {
    const report = await judge({
      files: [fixture('adversarial/const-eval-loop.rs')],
      tests: [{ input: '', expected: '0' }],
      // The built-in profile with a short build limit, so the test waits 3 s, not 30.
      languages: [{ ...rust, compile: { ...rust.compile!, timeMs: 3000 } }],
      sandbox: 'bwrap',
    });
    expect(report).toMatchObject({
      verdict: 'CE',
      compile: { kind: 'timeout' },
      message: '1 error; first: :0:0: compilation stopped: it took longer than the 3000 ms limit',
    });
  }, 60_000);
});
