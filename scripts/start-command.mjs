import { readFileSync } from 'node:fs';

/**
 * `npm start` without npm in front: package.json's start script split into the environment it
 * sets and node's arguments, for the harnesses (tests, benchmarks) that start the server exactly
 * as `npm start` does but need the server's own process, not npm's. Undefined when the script is
 * not a plain `[NAME=value …] node …` command.
 *
 * @param {string} packageJsonPath
 * @returns {{ env: Record<string, string>, nodeArguments: string[] } | undefined}
 */
export function parseStartScript(packageJsonPath) {
  const script = JSON.parse(readFileSync(packageJsonPath, 'utf8')).scripts?.start;
  const words = typeof script === 'string' ? script.trim().split(/\s+/) : [];
  const env = {};
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=[\w./:-]*$/.test(words[0])) {
    const [name, value] = words.shift().split('=');
    env[name] = value;
  }
  if (words[0] !== 'node' || !words.every((w) => /^[\w./=:-]+$/.test(w))) return undefined;
  return { env, nodeArguments: words.slice(1) };
}
