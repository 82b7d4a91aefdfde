// Languages as data: a profile per language, and prepareProgram() to build and run a submission in any of them.
export { BUILTIN_PROFILES } from './builtin-profiles.js';
export { listLanguages, type LanguageStatus } from './list-languages.js';
export { prepareProgram } from './prepare-program.js';
export { validateProfiles } from './validate-profiles.js';
export type {
  LanguageCommand,
  LanguageCompileStep,
  LanguageProfile,
  PreparedProgram,
  PrepareOptions,
  PrepareRequest,
  ReadyProgram,
} from './types.js';
