import type { Finding } from '@/lib/inspect/findings';
import { CopyButton } from '@/components/ui/copy-button';

const LABEL = { error: 'Problem', warning: 'Check', info: 'Note' } as const;

/** Findings in plain words: what is wrong, the facts, and the command that shows it. */
export function FindingsList({ findings, empty }: { findings: Finding[]; empty: string }) {
  if (findings.length === 0)
    return (
      <p className="good small" data-testid="no-findings">
        {empty}
      </p>
    );
  return (
    <ul className="findings" aria-label="Findings">
      {findings.map((f) => (
        <li key={`${f.id}:${f.title}`} className={`finding finding-${f.severity}`} data-finding={f.id}>
          <p>
            <strong>{LABEL[f.severity]}:</strong> {f.title}
          </p>
          <ul className="small muted">
            {f.evidence.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
          <div className="finding-command">
            <code data-testid="finding-command">{f.command}</code> <CopyButton text={f.command} label="Copy command" />
          </div>
        </li>
      ))}
    </ul>
  );
}
