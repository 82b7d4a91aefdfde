// bubblewrap, shared by the judge's runs and by sandboxed compiles (compile → sandbox → process).
export {
  INSIDE,
  isRoot,
  probeBwrap,
  probeBwrapAt,
  resolveSandbox,
  sandboxArgs,
  type ResolvedSandbox,
  type SandboxMode,
} from './bwrap.js';
