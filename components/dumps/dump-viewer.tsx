'use client';

import { useEffect, useRef, useState } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers, keymap, highlightActiveLine } from '@codemirror/view';
import { json } from '@codemirror/lang-json';
import { foldGutter, foldKeymap, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { search, searchKeymap, SearchQuery, setSearchQuery, findNext } from '@codemirror/search';

// The whole dump, read-only: CodeMirror 6 draws only the lines in view, folds any object, and
// searches text or regular expressions. Loaded with next/dynamic on /dumps only.

export function DumpViewer({ text, jumpTo }: { text: string; jumpTo?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [query, setQuery] = useState('');
  const [regexp, setRegexp] = useState(false);
  const [found, setFound] = useState<string>();

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(), foldGutter(), highlightActiveLine(), json(), syntaxHighlighting(defaultHighlightStyle),
          search({ top: true }), keymap.of([...searchKeymap, ...foldKeymap]),
          EditorState.readOnly.of(true), EditorView.theme({ '&': { height: '480px' }, '.cm-scroller': { overflow: 'auto' } }),
        ],
      }),
    });
    view.current = v;
    return () => { v.destroy(); view.current = null; };
  }, [text]);

  useEffect(() => {
    const v = view.current;
    if (!v || !jumpTo) return;
    const at = text.indexOf(`"name": ${JSON.stringify(jumpTo)}`);
    if (at >= 0) v.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'start' }) });
  }, [jumpTo, text]);

  const find = () => {
    const v = view.current;
    if (!v || !query) return;
    let valid = true;
    if (regexp) { try { new RegExp(query); } catch { valid = false; } }
    if (!valid) { setFound('not a valid regular expression'); return; }
    v.dispatch({ effects: setSearchQuery.of(new SearchQuery({ search: query, regexp })) });
    findNext(v);
    const sel = v.state.selection.main;
    setFound(sel.empty ? 'no match' : `match on line ${v.state.doc.lineAt(sel.from).number}`);
  };

  return (
    <div className="dump-viewer">
      <div className="toolbar">
        <input type="search" aria-label="Search the dump" value={query} placeholder='tcp_keepalive or "keepalive_time": \d+'
          onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') find(); }} />
        <label><input type="checkbox" checked={regexp} onChange={(e) => setRegexp(e.target.checked)} /> regex</label>
        <button type="button" className="secondary" onClick={find}>Find next</button>
        {found && <span role="status" aria-label="Search result" className="muted small">{found}</span>}
      </div>
      <div ref={host} data-testid="dump-viewer" />
    </div>
  );
}
