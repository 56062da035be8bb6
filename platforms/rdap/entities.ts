// Reading RDAP answers (RFC 9083). Contacts are entities with roles; each carries a jCard
// (RFC 7095: ['vcard', [[name, params, type, value], …]]). The abuse contact is the entity with
// the `abuse` role, often nested inside the registrant or registrar entity.

export interface RdapEntity {
  roles?: string[];
  handle?: string;
  vcardArray?: unknown;
  entities?: RdapEntity[];
}

export interface RdapObject {
  objectClassName?: string;
  handle?: string;
  name?: string;
  entities?: RdapEntity[];
}

const EMAIL = /^[^\s@<>(),;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const MAX_DEPTH = 4;
const MAX_ADDRESSES = 3;

function vcardValues(vcard: unknown, property: string): string[] {
  if (!Array.isArray(vcard) || vcard[0] !== 'vcard' || !Array.isArray(vcard[1])) return [];
  const out: string[] = [];
  for (const prop of vcard[1] as unknown[]) {
    if (!Array.isArray(prop) || String(prop[0]).toLowerCase() !== property) continue;
    const value = prop[3];
    if (typeof value === 'string') out.push(value);
  }
  return out;
}

function walk(entities: RdapEntity[] | undefined, depth: number, visit: (e: RdapEntity) => void): void {
  if (!Array.isArray(entities) || depth > MAX_DEPTH) return;
  for (const e of entities) {
    if (!e || typeof e !== 'object') continue;
    visit(e);
    walk(e.entities, depth + 1, visit);
  }
}

/** The e-mail addresses of every `abuse` entity, lower-cased, without duplicates, at most three. */
export function abuseEmails(object: RdapObject): string[] {
  const found = new Set<string>();
  walk(object.entities, 0, (e) => {
    if (!Array.isArray(e.roles) || !e.roles.includes('abuse')) return;
    for (const raw of vcardValues(e.vcardArray, 'email')) {
      const email = raw
        .replace(/^mailto:/i, '')
        .trim()
        .toLowerCase();
      if (EMAIL.test(email)) found.add(email);
    }
  });
  return [...found].slice(0, MAX_ADDRESSES);
}

/** Who holds the network or the domain: the registrant's name, else the object's own name. */
export function holderName(object: RdapObject): string | null {
  let name: string | null = null;
  walk(object.entities, 0, (e) => {
    if (name || !Array.isArray(e.roles) || !e.roles.includes('registrant')) return;
    name = vcardValues(e.vcardArray, 'fn')[0] ?? null;
  });
  return name ?? (typeof object.name === 'string' ? object.name : null);
}

/** Every name and handle in the answer, for recognising a provider such as Cloudflare. */
export function namesIn(object: RdapObject): string[] {
  const names: string[] = [];
  if (typeof object.name === 'string') names.push(object.name);
  if (typeof object.handle === 'string') names.push(object.handle);
  walk(object.entities, 0, (e) => {
    if (typeof e.handle === 'string') names.push(e.handle);
    names.push(...vcardValues(e.vcardArray, 'fn'));
    names.push(...vcardValues(e.vcardArray, 'org'));
  });
  return names;
}
