'use client';

import { useEffect, useRef, useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers, keymap, highlightActiveLine } from '@codemirror/view';
import { json } from '@codemirror/lang-json';
import { foldGutter, foldKeymap, syntaxHighlighting, defaultHighlightStyle, HighlightStyle } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { search, searchKeymap } from '@codemirror/search';

// The whole dump, read-only: CodeMirror 6 draws only the lines in view, folds any object, and
// searches text or regular expressions. Loaded with next/dynamic on /dumps only.

/** JSON colours that keep 4.5:1 contrast on the dark theme's background. */
const darkJson = HighlightStyle.define([
  { tag: tags.propertyName, color: '#9cc8ff' },
  { tag: tags.string, color: '#a5e4a0' },
  { tag: tags.number, color: '#f5c07a' },
  { tag: [tags.bool, tags.null], color: '#f0a6ff' },
]);

function matchFrom(re: RegExp, text: string, from: number): { at: number; length: number } | undefined {
  re.lastIndex = from;
  const m = re.exec(text);
  return m && m[0].length > 0 ? { at: m.index, length: m[0].length } : undefined;
}

/** The URL of this page with `vl=<from>-<to>`: a link that opens the viewer on these lines. */
function linkToLines(range: [number, number]): string {
  const url = new URL(window.location.href);
  url.searchParams.set('vl', `${range[0]}-${range[1]}`);
  return url.toString();
}

export function DumpViewer({ text, jumpTo, lines }: { text: string; jumpTo?: string; lines?: [number, number] }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [selected, setSelected] = useState<[number, number]>();
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
          lineNumbers(),
          foldGutter(),
          highlightActiveLine(),
          json(),
          syntaxHighlighting(window.matchMedia('(prefers-color-scheme: dark)').matches ? darkJson : defaultHighlightStyle),
          search({ top: true }),
          keymap.of([...searchKeymap, ...foldKeymap]),
          EditorView.updateListener.of((u) => {
            if (!u.selectionSet) return;
            const { from, to } = u.state.selection.main;
            setSelected([u.state.doc.lineAt(from).number, u.state.doc.lineAt(to).number]);
          }),
          EditorState.readOnly.of(true),
          EditorView.contentAttributes.of({ 'aria-label': 'Config dump, read-only' }),
          EditorView.theme({ '&': { height: '480px' }, '.cm-scroller': { overflow: 'auto' } }),
        ],
      }),
    });
    // The scroller must be reachable by keyboard (WCAG 2.1.1): arrow keys scroll it once focused.
    v.scrollDOM.tabIndex = 0;
    v.scrollDOM.setAttribute('aria-label', 'Config dump lines');
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [text]);

  // A link's lines: selected and scrolled to, once the text is in.
  useEffect(() => {
    const v = view.current;
    if (!v || !lines) return;
    const last = v.state.doc.lines;
    const [a, b] = [Math.min(Math.max(lines[0], 1), last), Math.min(Math.max(lines[1], 1), last)];
    const from = v.state.doc.line(a).from;
    v.dispatch({ selection: { anchor: from, head: v.state.doc.line(b).to }, effects: EditorView.scrollIntoView(from, { y: 'center' }) });
  }, [lines, text]);

  useEffect(() => {
    const v = view.current;
    if (!v || !jumpTo) return;
    const at = text.indexOf(`"name": ${JSON.stringify(jumpTo)}`);
    if (at >= 0) v.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'start' }) });
  }, [jumpTo, text]);

  // Searching the string itself (indexOf, or one RegExp run from the cursor) is linear and fast
  // on hundreds of megabytes; CodeMirror's own search panel (Ctrl-F) stays for the keyboard.
  const find = () => {
    const v = view.current;
    if (!v || !query) return;
    const from = v.state.selection.main.to;
    let hit: { at: number; length: number } | undefined;
    if (regexp) {
      let re: RegExp;
      try {
        re = new RegExp(query, 'g');
      } catch {
        setFound('not a valid regular expression');
        return;
      }
      hit = matchFrom(re, text, from) ?? matchFrom(re, text, 0);
    } else {
      const at = text.indexOf(query, from) >= 0 ? text.indexOf(query, from) : text.indexOf(query);
      if (at >= 0) hit = { at, length: query.length };
    }
    if (!hit) {
      setFound('no match');
      return;
    }
    v.dispatch({ selection: { anchor: hit.at, head: hit.at + hit.length }, effects: EditorView.scrollIntoView(hit.at, { y: 'center' }) });
    setFound(`match on line ${v.state.doc.lineAt(hit.at).number}`);
  };

  return (
    <div className="dump-viewer">
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search the dump"
          value={query}
          placeholder='tcp_keepalive or "keepalive_time": \d+'
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find();
          }}
        />
        <label>
          <input type="checkbox" checked={regexp} onChange={(e) => setRegexp(e.target.checked)} /> regex
        </label>
        <button type="button" className="secondary" onClick={find}>
          Find next
        </button>
        {found && (
          <span role="status" aria-label="Search result" className="muted small">
            {found}
          </span>
        )}
        {selected && (
          <>
            <CopyButton text={() => linkToLines(selected)} label={`Copy link to lines ${selected[0]}–${selected[1]}`} />
            <a href={linkToLines(selected)} data-testid="viewer-lines-link" className="small">
              link
            </a>
          </>
        )}
      </div>
      <div ref={host} data-testid="dump-viewer" />
    </div>
  );
}
