'use client';

import { signOut } from '@/app/auth/actions';
import { useHydrated } from './use-hydrated';

export interface SignedInPerson {
  display: string;
  username: string;
  groups: string[];
}

/**
 * Who is signed in, as the API server knows them, and the way out: the dashboard's own sign-out
 * (oidc), or the authenticating proxy's (`signOutAt`, proxy mode), which is a plain navigation.
 */
export function SignedInAs({ person, signOutAt }: { person: SignedInPerson; signOutAt?: string }) {
  const hydrated = useHydrated();
  const groups = person.groups.length ? `groups: ${person.groups.join(', ')}` : 'in no group';
  if (signOutAt)
    return (
      <div className="signed-in" aria-label="Signed in" role="group">
        <span title={`The API server sees you as ${person.username} (${groups})`}>
          Signed in as <strong data-testid="signed-in-as">{person.display}</strong>
        </span>
        <a href={signOutAt} className="link-button">
          Sign out
        </a>
      </div>
    );
  return (
    <form action={signOut} className="signed-in" aria-label="Signed in">
      <span title={`The API server sees you as ${person.username} (${groups})`}>
        Signed in as <strong data-testid="signed-in-as">{person.display}</strong>
      </span>
      <button type="submit" className="link-button" disabled={!hydrated}>
        Sign out
      </button>
    </form>
  );
}
