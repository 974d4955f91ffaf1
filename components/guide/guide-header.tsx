'use client';

import Link from 'next/link';
import { GUIDE_STEPS, type GuideState } from '@/lib/guide/walkthrough';
import { CopyButton } from '@/components/ui/copy-button';
import type { Go } from './guide-props';
import { shareableLink } from './use-guide';

interface Props {
  state: GuideState;
  go: Go;
  session?: string;
  follow?: string;
  startLive: () => void;
  /** This view without any live session, for "Stop following". */
  plainLink: string;
}

/** Title, presenter controls, the live-session notes and the step list. */
export function GuideHeader({ state, go, session, follow, startLive, plainLink }: Props) {
  const svc = state.service;
  const followerLink = session && typeof window !== 'undefined' ? followerLinkFor(session) : undefined;
  return (
    <>
      <div className="title-row">
        <h1>
          Guided walkthrough: TCP keepalive
          {svc && (
            <>
              {' '}
              for {svc.namespace}/{svc.name}
            </>
          )}
        </h1>
        <div className="toolbar">
          <button
            type="button"
            className="secondary"
            aria-pressed={!!state.present}
            onClick={() => go({ present: !state.present || undefined })}
          >
            {state.present ? 'Leave presenter layout' : 'Presenter layout'}
          </button>
          {!session && !follow && (
            <button type="button" className="secondary" onClick={startLive}>
              Present live
            </button>
          )}
          <CopyButton text={shareableLink} label="Copy link to this view" />
        </div>
      </div>
      {follow && (
        <p role="status" className="card card-warning" data-testid="following">
          Following a live walkthrough: this page moves with the presenter. <Link href={plainLink}>Stop following</Link>
        </p>
      )}
      {followerLink && !follow && (
        <p className="card small" data-testid="presenting">
          Presenting live. Followers open{' '}
          <a href={followerLink} data-testid="follower-link">
            {followerLink}
          </a>{' '}
          <CopyButton text={followerLink} label="Copy follower link" />
        </p>
      )}
      <nav aria-label="Steps" className="guide-steps">
        <ol>
          {GUIDE_STEPS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={i + 1 === state.step ? 'step' : undefined}
                className={i + 1 === state.step ? undefined : 'secondary'}
                onClick={() => go({ step: i + 1 })}
              >
                {i + 1}. {s.title}
              </button>
            </li>
          ))}
        </ol>
        <p className="muted small">Keys: ← and → move between steps.</p>
      </nav>
    </>
  );
}

/** The follower's link: the same page, following `session`, with nothing of the presenter's. */
function followerLinkFor(session: string): string {
  const url = new URL(window.location.href);
  url.search = new URLSearchParams({ follow: session }).toString();
  return url.toString();
}
