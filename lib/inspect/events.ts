import type { ServiceOnGatewayDto } from '@/lib/wire/dto';
import type { Result } from '@/lib/wire/errors';

// What the inspect stream sends, one JSON object per line. Shared by the route and the page.
export type InspectEvent = { type: 'progress'; pod: string; bytes: number } | { type: 'result'; result: Result<ServiceOnGatewayDto> };

/** Reads a newline-delimited JSON stream, calling `onEvent` for each complete line. */
export async function readEvents<T>(body: ReadableStream<Uint8Array>, onEvent: (e: T) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    pending += decoder.decode(r.value, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as T);
  }
  if (pending.trim()) onEvent(JSON.parse(pending) as T);
}
