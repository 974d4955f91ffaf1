'use client';

import { signOut } from '@/app/auth/actions';

export interface SignedInPerson {
  display: string;
  username: string;
  groups: string[];
}

/** Who is signed in, as the API server knows them, and the way out. */
export function SignedInAs({ person }: { person: SignedInPerson }) {
  const groups = person.groups.length ? `groups: ${person.groups.join(', ')}` : 'in no group';
  return (
    <form action={signOut} className="signed-in" aria-label="Signed in">
      <span title={`The API server sees you as ${person.username} (${groups})`}>
        Signed in as <strong data-testid="signed-in-as">{person.display}</strong>
      </span>
      <button type="submit" className="link-button">
        Sign out
      </button>
    </form>
  );
}
