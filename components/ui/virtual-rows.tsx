'use client';

import { useState, type ReactNode } from 'react';

const OVERSCAN = 8;

/** Renders only the rows in view (fixed row height), so 10,000 rows scroll like 50. */
export function VirtualRows<T>({
  items,
  rowHeight,
  label,
  render,
  height = 560,
}: {
  items: T[];
  rowHeight: number;
  label: string;
  render: (item: T) => ReactNode;
  height?: number;
}) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((top + height) / rowHeight) + OVERSCAN);
  return (
    <div
      role="table"
      aria-label={label}
      aria-rowcount={items.length}
      className="virtual"
      tabIndex={0}
      style={{ height, overflowY: 'auto' }}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
    >
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>
        {items.slice(first, last).map((item, i) => (
          <div key={first + i} style={{ position: 'absolute', top: (first + i) * rowHeight, height: rowHeight, left: 0, right: 0 }}>
            {render(item)}
          </div>
        ))}
      </div>
    </div>
  );
}
