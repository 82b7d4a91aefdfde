// One limited, measured run: the C helper and its sessions, the sandbox's layout, cgroup or rlimit accounting.
export { ACCOUNTING_MODES, resolveBackend, type AccountingMode, type ExecutorBackend } from './backend.js';
export { internalError, type RunOutcome } from './collect-result.js';
export { ensureLimitHelper } from './helper-binary.js';
export { makeJudgeDir, makeTrustedDir } from './run-dir.js';
export { LimitSession } from './session.js';
