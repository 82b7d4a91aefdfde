// The SARIF 2.1.0 schema's required properties (sarif-schema-2.1.0.json, OASIS), checked by hand
// on what compile-check writes, plus what GitHub code scanning needs on top (a ruleId, a region
// with a startLine, GH1003). Returns one line per problem; [] when the log is valid.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkMessage(message: unknown, at: string, problems: string[]): void {
  // message: anyOf required text / required id.
  if (!isObject(message)) problems.push(`${at}: message must be an object`);
  else if (typeof message.text !== 'string' && typeof message.id !== 'string')
    problems.push(`${at}: message needs text or id`);
}

function checkLocation(location: unknown, at: string, problems: string[]): void {
  if (!isObject(location)) return void problems.push(`${at}: location must be an object`);
  if (location.message !== undefined) checkMessage(location.message, `${at}.message`, problems);
  const physical = location.physicalLocation;
  if (physical === undefined) return;
  if (!isObject(physical)) return void problems.push(`${at}.physicalLocation must be an object`);
  // physicalLocation: anyOf required address / artifactLocation.
  const artifact = physical.artifactLocation;
  if (!isObject(artifact)) return void problems.push(`${at}.physicalLocation.artifactLocation is required`);
  if (typeof artifact.uri !== 'string' || artifact.uri === '')
    problems.push(`${at}.physicalLocation.artifactLocation.uri must be a non-empty string`);
  else if (/\s/.test(artifact.uri) || /%(?![0-9A-Fa-f]{2})/.test(artifact.uri))
    problems.push(`${at}.physicalLocation.artifactLocation.uri is not a URI reference: ${artifact.uri}`);
  const region = physical.region;
  if (!isObject(region)) return void problems.push(`${at}.physicalLocation.region is required (GitHub)`);
  // region: anyOf startLine / charOffset / byteOffset; startLine and startColumn are >= 1.
  if (!Number.isInteger(region.startLine) || (region.startLine as number) < 1)
    problems.push(`${at}.physicalLocation.region.startLine must be an integer >= 1`);
  if (region.startColumn !== undefined && (!Number.isInteger(region.startColumn) || (region.startColumn as number) < 1))
    problems.push(`${at}.physicalLocation.region.startColumn must be an integer >= 1`);
}

export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(log)) return ['the log must be an object'];
  if (log.version !== '2.1.0') problems.push('version must be "2.1.0"');
  if (typeof log.$schema !== 'string' || !/sarif.*2\.1\.0/.test(log.$schema))
    problems.push('$schema must name the 2.1.0 schema');
  if (!Array.isArray(log.runs)) return [...problems, 'runs must be an array'];
  log.runs.forEach((run: unknown, r) => {
    const at = `runs[${r}]`;
    if (!isObject(run)) return void problems.push(`${at} must be an object`);
    const driver = isObject(run.tool) ? run.tool.driver : undefined;
    if (!isObject(driver)) return void problems.push(`${at}.tool.driver is required`);
    if (typeof driver.name !== 'string' || driver.name === '') problems.push(`${at}.tool.driver.name is required`);
    const ruleIds = new Set<string>();
    if (driver.rules !== undefined) {
      if (!Array.isArray(driver.rules)) problems.push(`${at}.tool.driver.rules must be an array`);
      else
        driver.rules.forEach((rule: unknown, i) => {
          if (!isObject(rule) || typeof rule.id !== 'string')
            problems.push(`${at}.tool.driver.rules[${i}].id is required`);
          else ruleIds.add(rule.id);
        });
    }
    if (run.results === undefined) return;
    if (!Array.isArray(run.results)) return void problems.push(`${at}.results must be an array`);
    run.results.forEach((result: unknown, i) => {
      const where = `${at}.results[${i}]`;
      if (!isObject(result)) return void problems.push(`${where} must be an object`);
      checkMessage(result.message, where, problems);
      if (typeof result.ruleId !== 'string') problems.push(`${where}.ruleId is required (GitHub)`);
      else if (driver.rules !== undefined && !ruleIds.has(result.ruleId))
        problems.push(`${where}.ruleId ${result.ruleId} is not among the rules`);
      if (result.level !== undefined && !['none', 'note', 'warning', 'error'].includes(result.level as string))
        problems.push(`${where}.level must be none, note, warning or error`);
      if (!Array.isArray(result.locations) || result.locations.length === 0)
        return void problems.push(`${where}.locations needs a location (GitHub)`);
      result.locations.forEach((l: unknown, j) => checkLocation(l, `${where}.locations[${j}]`, problems));
      if (result.relatedLocations !== undefined) {
        if (!Array.isArray(result.relatedLocations)) problems.push(`${where}.relatedLocations must be an array`);
        else
          result.relatedLocations.forEach((l: unknown, j) =>
            checkLocation(l, `${where}.relatedLocations[${j}]`, problems),
          );
      }
    });
  });
  return problems;
}
