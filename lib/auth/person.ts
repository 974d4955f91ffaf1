// Who is signed in, as the API server will see them. Pure: built from verified ID token claims
// (oidc) or from the trusted proxy's headers (proxy), and shown in the header and the logs.

export interface Person {
  /** The name the API server sees: the claim, with the API server's prefix (`oidc:alice`). */
  username: string;
  groups: string[];
  /** What people call them in the header: the claim without the prefix (`alice`). */
  display: string;
}

export interface ClaimMapping {
  usernameClaim: string;
  groupsClaim: string;
  /** The API server's claimMappings prefix, for the username and groups alike. */
  prefix: string;
}

const MAX_GROUPS = 256;
const MAX_NAME = 256;

/** The person in a token's claims, or an error message when the claims do not name one. */
export function personFromClaims(claims: Record<string, unknown>, m: ClaimMapping): Person | string {
  const name = claims[m.usernameClaim];
  if (typeof name !== 'string' || !name || name.length > MAX_NAME)
    return `The sign-in names no person: the token has no "${m.usernameClaim}" claim.`;
  // A person in no group has no claim at all (Keycloak leaves it out), not an empty list.
  const raw = claims[m.groupsClaim] ?? [];
  const list = Array.isArray(raw) ? raw : [raw];
  const groups = list.filter((g): g is string => typeof g === 'string' && g.length > 0 && g.length <= MAX_NAME).slice(0, MAX_GROUPS);
  return { username: m.prefix + name, groups: groups.map((g) => m.prefix + g), display: name };
}

/**
 * A field manager per person, so the API server's managedFields say who last set a field and a
 * change based on an old version names the person who made the newer one. At most 128 bytes.
 */
export function fieldManagerFor(base: string, person: Person | undefined): string {
  if (!person) return base;
  const name = person.display.replace(/[^A-Za-z0-9@._:+-]/g, '_');
  return `${base}:${name}`.slice(0, 128);
}

/** The person a field manager names, or undefined for a manager that is not one of ours. */
export function personOfManager(base: string, manager: string | undefined): string | undefined {
  if (!manager?.startsWith(`${base}:`)) return undefined;
  return manager.slice(base.length + 1) || undefined;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string | Date;
}

/**
 * Who wrote an object last, from its managedFields: the entry with the newest time. With one
 * field manager per person, that names the person whose change another one's write ran into.
 */
export function lastWriter(
  entries: readonly ManagedFieldsEntry[] | undefined,
  base: string,
): { who: string; person: boolean; at?: Date } | undefined {
  let last: ManagedFieldsEntry | undefined;
  let lastAt = -Infinity;
  for (const e of entries ?? []) {
    const at = e.time ? new Date(e.time).getTime() : NaN;
    if (!e.manager || Number.isNaN(at)) continue;
    if (at >= lastAt) [last, lastAt] = [e, at];
  }
  if (!last?.manager) return undefined;
  const person = personOfManager(base, last.manager);
  return { who: person ?? last.manager, person: person !== undefined, at: new Date(lastAt) };
}

/** `conflict with "kgateway-dashboard:alice"` in an apply conflict, as the person's name. */
export function namePeopleIn(message: string, base: string): string {
  return message.replace(/"([^"]+)"/g, (whole, manager: string) => {
    const person = personOfManager(base, manager);
    return person ? `${person} (field manager "${manager}")` : whole;
  });
}
