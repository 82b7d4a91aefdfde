import type { LanguageProfile } from './types.js';

// JVM flags for a judged run: the heap and stack from the limits, one GC thread set and no
// hsperfdata file in /tmp (read-only in the sandbox).
const JAVA_RUN = ['-Xmx{heapMb}m', '-Xss{stackMb}m', '-XX:+UseSerialGC', '-XX:-UsePerfData'];

/**
 * The built-in languages. Compiles run in the sandbox (like the C++ one); a check-only step
 * (Python's byte-compile, `node --check`) makes a syntax error a `CE`, not an `RE`.
 */
export const BUILTIN_PROFILES: readonly LanguageProfile[] = [
  {
    id: 'c',
    name: 'C (gcc)',
    extensions: ['.c'],
    compile: { builder: 'compile', command: 'gcc', outputs: ['main'] },
    run: { command: '{dir}/main' },
  },
  {
    id: 'cpp',
    name: 'C++ (g++)',
    extensions: ['.cpp', '.cc', '.cxx', '.c++'],
    compile: { builder: 'compile', command: 'g++', outputs: ['main'] },
    run: { command: '{dir}/main' },
  },
  {
    id: 'python',
    name: 'Python 3',
    extensions: ['.py'],
    compile: { command: 'python3', args: ['-m', 'py_compile', '{sources}'] },
    run: { command: 'python3', args: ['{dir}/{main}'] },
    // The program dir is read-only: no attempt to write __pycache__ there.
    env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    locate: { python3: ['-c', 'import sys; print(sys.base_prefix); print(sys.executable)'] },
  },
  {
    id: 'java',
    name: 'Java (OpenJDK)',
    extensions: ['.java'],
    compile: {
      command: 'javac',
      // javac's own JVM, kept small: the step's address-space limit must hold it.
      args: [
        '-J-Xmx512m',
        '-J-XX:+UseSerialGC',
        '-J-XX:CompressedClassSpaceSize=64m',
        '-J-XX:ReservedCodeCacheSize=64m',
        '-encoding',
        'UTF-8',
        '-d',
        'classes',
        '{sources}',
      ],
      outputs: ['classes'],
      memoryMb: 4096,
      processes: 128,
    },
    run: { command: 'java', args: [...JAVA_RUN, '-cp', '{dir}/classes', '{mainBase}'] },
    // The JDK's conf/security files are links into /etc: without them the JVM stops at start.
    readOnlyPaths: ['/etc/java-*-openjdk'],
    version: { command: 'javac', args: ['-version'] },
  },
  {
    id: 'javascript',
    name: 'JavaScript (Node.js)',
    extensions: ['.js', '.mjs', '.cjs'],
    compile: { command: 'node', args: ['--check', '{main}'] },
    run: { command: 'node', args: ['--max-old-space-size={heapMb}', '{dir}/{main}'] },
  },
  {
    id: 'rust',
    name: 'Rust (rustc)',
    extensions: ['.rs'],
    compile: {
      command: 'rustc',
      args: ['--edition=2021', '-O', '-o', 'main', '{main}'],
      outputs: ['main'],
      memoryMb: 4096,
    },
    run: { command: '{dir}/main' },
    locate: { rustc: ['--print', 'sysroot'] },
  },
  {
    id: 'go',
    name: 'Go',
    extensions: ['.go'],
    // GOCACHE and GOPATH default to the step's HOME: its work dir, fresh each time.
    compile: {
      command: 'go',
      args: ['build', '-o', 'main', '{sources}'],
      outputs: ['main'],
      memoryMb: 4096,
      processes: 128,
      env: { CGO_ENABLED: '0', GO111MODULE: 'off', GOFLAGS: '-buildvcs=false' },
    },
    run: { command: '{dir}/main' },
    version: { command: 'go', args: ['version'] },
  },
];
