export interface SseEvent {
  event: string;
  data: unknown;
}

/** A minimal Server-Sent Events reader over fetch, for tests: `next()` resolves with the next event. */
export async function openEventStream(
  url: string,
  authorization: string | undefined,
): Promise<{
  status: number;
  contentType: string | null;
  next: (timeoutMs?: number) => Promise<SseEvent>;
  close: () => void;
}> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: authorization ? { authorization, accept: 'text/event-stream' } : {},
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (timeoutMs = 5_000): Promise<SseEvent> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length === 0) continue; // retry: / comment blocks
        return { event, data: JSON.parse(data.join('\n')) };
      }
      if (!reader) throw new Error('no body');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no event before the deadline');
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no event before the deadline')), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    next,
    close: () => controller.abort(),
  };
}

/** Skips heartbeats. */
export async function nextNonHeartbeat(stream: {
  next: (ms?: number) => Promise<SseEvent>;
}): Promise<SseEvent> {
  for (;;) {
    const event = await stream.next();
    if (event.event !== 'heartbeat') return event;
  }
}
