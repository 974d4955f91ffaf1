'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { useClusterHref } from '@/components/ui/use-cluster';
import { applyServiceChange, matchesSearch, type ServiceRow } from '@/lib/policy/service-rows';
import type { MergeRule } from '@/lib/policy/precedence';
import type { PolicyDto } from '@/lib/wire/dto';
import { LIVE_EVENT, type LiveChange } from '@/lib/live/kinds';
import { VirtualRows } from '@/components/ui/virtual-rows';

const ROW_HEIGHT = 52;

/**
 * Rows as the server listed them, then kept current by the live stream: a Service added, changed or
 * deleted updates its one row in the browser, with no request (the event carries the Service).
 */
function useLiveRows(listed: ServiceRow[], policies: PolicyDto[], rule: MergeRule): ServiceRow[] {
  const [live, setLive] = useState({ listed, rows: listed });
  // A new list from the server (a policy changed, a reload) replaces what the stream patched.
  if (live.listed !== listed) setLive({ listed, rows: listed });
  useEffect(() => {
    const onChange = (ev: Event) => {
      const c = (ev as CustomEvent<LiveChange>).detail;
      if (c.kind !== 'services') return;
      setLive((l) => ({ ...l, rows: applyServiceChange(l.rows, c, policies, rule) }));
    };
    window.addEventListener(LIVE_EVENT, onChange);
    return () => window.removeEventListener(LIVE_EVENT, onChange);
  }, [policies, rule]);
  return live.rows;
}

/** Filters in the browser (no round trip); namespace, search and selection live in the URL. */
export function ServicesTable({ rows: listed, policies, rule }: { rows: ServiceRow[]; policies: PolicyDto[]; rule: MergeRule }) {
  const rows = useLiveRows(listed, policies, rule);
  const href = useClusterHref();
  const params = useSearchParams();
  const pathname = usePathname();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const namespaces = useMemo(() => [...new Set(rows.map((r) => r.namespace))].sort(), [rows]);
  // Local state answers the click at once; the URL follows (history.replaceState) for sharing.
  const [chosen, setChosen] = useState(() => new Set((params.get('ns') ?? '').split(',').filter(Boolean)));
  const [selected, setSelected] = useState(params.get('selected') ?? '');

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
        <details className="ns-picker">
          <summary>Namespaces: {chosen.size === 0 ? 'all' : [...chosen].join(', ')}</summary>
          <div role="group" aria-label="Namespaces">
            {namespaces.map((ns) => (
              <label key={ns}>
                <input type="checkbox" checked={chosen.has(ns)} onChange={() => toggleNs(ns)} /> {ns}
              </label>
            ))}
          </div>
        </details>
        <span className="muted small" role="status">
          {visible.length} of {rows.length} Services
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
