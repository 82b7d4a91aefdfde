/** A C++ source by its name: `.cpp`, `.cc`, `.cxx`, `.c++` in any case, or `.C`. */
export function isCppSource(path: string): boolean {
  return /\.(cpp|cc|cxx|c\+\+)$/i.test(path) || path.endsWith('.C');
}
