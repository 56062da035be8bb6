import type { AdapterDeps } from '../registry.js';
import type { PlatformAdapter } from '../types.js';

// The built-in platforms. Each lives in its own file beside this one.
export function builtInPlatforms(_deps: AdapterDeps): PlatformAdapter[] {
  return [];
}
