'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useClusterHref } from '@/components/ui/use-cluster';
import { applyServiceChange, matchesSearch, type ServiceRow } from '@/lib/policy/service-rows';
import type { MergeRule } from '@/lib/policy/precedence';
import type { PolicyDto } from '@/lib/wire/dto';
import type { Result } from '@/lib/wire/errors';
import { LIVE_EVENT, type LiveChange } from '@/lib/live/kinds';
import { VirtualRows } from '@/components/ui/virtual-rows';

const ROW_HEIGHT = 52;

/**
 * The page's first rows, then every row (fetched from the rows route, unless the first rows are all
 * of them), kept current by the live stream: a Service added, changed or deleted updates its one
 * row in the browser, with no request (the event carries the Service). Changes heard while the
 * rows are on their way are applied to them when they arrive.
 */
function useLiveRows(first: ServiceRow[], complete: boolean, url: string, policies: PolicyDto[], rule: MergeRule) {
  const [live, setLive] = useState({ first, rows: first, loaded: complete, error: '' });
  // A new page from the server (a policy changed, a reload) replaces what the stream patched.
  if (live.first !== first) setLive({ first, rows: first, loaded: complete, error: '' });
  const heard = useRef<LiveChange[] | null>(null);
  useEffect(() => {
    const onChange = (ev: Event) => {
      const c = (ev as CustomEvent<LiveChange>).detail;
      if (c.kind !== 'services') return;
      heard.current?.push(c);
      setLive((l) => ({ ...l, rows: applyServiceChange(l.rows, c, policies, rule) }));
    };
    window.addEventListener(LIVE_EVENT, onChange);
    return () => window.removeEventListener(LIVE_EVENT, onChange);
  }, [policies, rule]);
  useEffect(() => {
    if (complete) return;
    const abort = new AbortController();
    heard.current = [];
    fetch(url, { signal: abort.signal, headers: { accept: 'application/json' } })
      .then(async (res) => (await res.json()) as Result<{ rows: ServiceRow[] }>)
      .then((res) => {
        const since = heard.current ?? [];
        heard.current = null;
        setLive((l) =>
          l.first !== first
            ? l
            : res.ok
              ? { ...l, loaded: true, rows: since.reduce((rows, c) => applyServiceChange(rows, c, policies, rule), res.value.rows) }
              : { ...l, error: res.error.message },
        );
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        heard.current = null;
        setLive((l) => (l.first !== first ? l : { ...l, error: `the server did not answer (${(e as Error).message})` }));
      });
    return () => {
      abort.abort();
      heard.current = null;
    };
  }, [first, complete, url, policies, rule]);
  return live;
}

/**
 * The page brings the first rows its address asks for; every row follows in one fetch. Then
 * filters run in the browser (no round trip); namespace, search and selection live in the URL.
 */
export function ServicesTable({
  first,
  matching,
  total,
  namespaces: listedNamespaces,
  policies,
  rule,
}: {
  first: ServiceRow[];
  matching: number;
  total: number;
  namespaces: string[];
  policies: PolicyDto[];
  rule: MergeRule;
}) {
  const href = useClusterHref();
  const live = useLiveRows(first, first.length === total, href('/api/services/rows'), policies, rule);
  const rows = live.rows;
  const params = useSearchParams();
  const pathname = usePathname();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const namespaces = useMemo(
    () => (live.loaded ? [...new Set(rows.map((r) => r.namespace))].sort() : listedNamespaces),
    [live.loaded, rows, listedNamespaces],
  );
  // Local state answers the click at once; the URL follows (history.replaceState) for sharing.
  const [chosen, setChosen] = useState(() => new Set((params.get('ns') ?? '').split(',').filter(Boolean)));
  const [selected, setSelected] = useState(params.get('selected') ?? '');
  const picker = useRef<HTMLDetailsElement>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  // Opened before the page hydrated: no toggle event reached React.
  useEffect(() => setPickerOpen(picker.current?.open ?? false), []);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(window.location.search); // not useSearchParams: it may lag a replaceState
    if (value) next.set(key, value);
    else next.delete(key);
    // history.replaceState updates useSearchParams without asking the server again.
    window.history.replaceState(null, '', `${pathname}?${next.toString()}`);
  };
  const visible = useMemo(
    () => rows.filter((r) => (chosen.size === 0 || chosen.has(r.namespace)) && matchesSearch(r, query)),
    [rows, chosen, query],
  );
  const toggleNs = (ns: string) => {
    const next = new Set(chosen);
    if (next.has(ns)) next.delete(ns);
    else next.add(ns);
    setChosen(next);
    setParam('ns', [...next].sort().join(','));
  };
  const select = (id: string) => {
    setSelected(id);
    setParam('selected', id);
  };

  return (
    <div className="services">
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search by name or label"
          placeholder="Search name or label (app=httpbin)"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setParam('q', e.target.value);
          }}
        />
        {/* The checkboxes exist while the picker is open: a thousand namespaces are not sent in every page. */}
        <details className="ns-picker" ref={picker} onToggle={(e) => setPickerOpen(e.currentTarget.open)}>
          <summary>Namespaces: {chosen.size === 0 ? 'all' : [...chosen].join(', ')}</summary>
          {pickerOpen && (
            <div role="group" aria-label="Namespaces">
              {namespaces.map((ns) => (
                <label key={ns}>
                  <input type="checkbox" checked={chosen.has(ns)} onChange={() => toggleNs(ns)} /> {ns}
                </label>
              ))}
            </div>
          )}
        </details>
        <span className="muted small" role="status">
          {live.loaded
            ? `${visible.length} of ${rows.length} Services`
            : live.error
              ? `The first ${visible.length} of ${matching} matching Services (of ${total}): the rest could not be loaded, ${live.error}. Reload to try again.`
              : `The first ${visible.length} of ${matching} matching Services (of ${total}); loading the rest…`}
        </span>
      </div>
      <div className="table-head" aria-hidden="true">
        <span>Namespace</span>
        <span>Name</span>
        <span>Type</span>
        <span>Ports</span>
        <span>Policies</span>
        <span>Keepalive in effect</span>
        <span>Other settings in effect</span>
      </div>
      <VirtualRows
        items={visible}
        rowHeight={ROW_HEIGHT}
        label="Services"
        render={(r) => {
          const id = `${r.namespace}/${r.name}`;
          return (
            <div
              className={`table-row${id === selected ? ' selected' : ''}`}
              role="row"
              aria-selected={id === selected}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('a')) select(id);
              }}
            >
              <span role="cell">{r.namespace}</span>
              <span role="cell">
                <strong>{r.name}</strong>
              </span>
              <span role="cell">{r.type}</span>
              <span role="cell" className="small">
                {r.ports
                  .map(
                    (p) => `${p.name ? `${p.name} ` : ''}${p.port}→${p.targetPort ?? p.port}${p.appProtocol ? ` (${p.appProtocol})` : ''}`,
                  )
                  .join(', ')}
              </span>
              <span role="cell" className="small">
                {r.policies.length === 0 ? (
                  <Link prefetch={false} href={href(`/policies/new?namespace=${r.namespace}&service=${r.name}`)}>
                    add keepalive
                  </Link>
                ) : (
                  r.policies.map((p) => (
                    <Link key={p.name} prefetch={false} href={href(`/policies/${r.namespace}/${p.name}`)}>
                      {p.name}
                      {p.how === 'selector' ? ' (labels)' : ''}{' '}
                    </Link>
                  ))
                )}
              </span>
              <span role="cell" className="small">
                {r.keepalive ? (
                  <>
                    {keepaliveText(r.keepalive.value)}{' '}
                    <span className="muted">
                      from {r.keepalive.from}
                      {r.keepalive.overridden.length ? `, overrides ${r.keepalive.overridden.join(', ')}` : ''}
                    </span>
                  </>
                ) : (
                  <span className="muted">OS defaults</span>
                )}
              </span>
              <span role="cell" className="small">
                <SettingsInEffect settings={r.settings} />
              </span>
            </div>
          );
        }}
      />
    </div>
  );
}

function keepaliveText(k: { keepAliveProbes?: number; keepAliveTime?: string; keepAliveInterval?: string }) {
  return (
    [
      k.keepAliveProbes !== undefined && `probes ${k.keepAliveProbes}`,
      k.keepAliveTime && `time ${k.keepAliveTime}`,
      k.keepAliveInterval && `interval ${k.keepAliveInterval}`,
    ]
      .filter(Boolean)
      .join(' · ') || 'on, OS defaults'
  );
}

/**
 * The other fields in effect, grouped by the policy that supplies them, in at most two lines (the
 * rows are virtualised at a fixed height); the whole list, with who each overrides, on hover.
 */
function SettingsInEffect({ settings }: { settings: ServiceRow['settings'] }) {
  if (settings.length === 0) return <span className="muted">—</span>;
  const bySource = new Map<string, ServiceRow['settings']>();
  for (const x of settings) bySource.set(x.from, [...(bySource.get(x.from) ?? []), x]);
  const groups = [...bySource];
  const full = groups
    .map(
      ([from, fields]) =>
        `from ${from}: ${fields.map((f) => f.field + (f.overridden.length ? ` (overrides ${f.overridden.join(', ')})` : '')).join(', ')}`,
    )
    .join('; ');
  return (
    <span className="clamped" title={full}>
      {groups.map(([from, fields], i) => (
        <span key={from}>
          {i > 0 && '; '}
          <span className="muted">from {from}:</span> {fields.map((f) => f.field).join(' · ')}
        </span>
      ))}
    </span>
  );
}
