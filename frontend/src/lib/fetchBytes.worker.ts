// A worker that fetches one file whole and hands its bytes to the page
// without a copy. The entry viewer reads PDFs through it so that the bytes
// arrive off the page's main thread, which is busy building the entry page
// (and, on a phone, slow) while a document is preloaded.

/** What the page asks: the absolute URL of the file. */
export interface FetchRequest {
  url: string;
}

/** What the worker answers: the bytes, or the HTTP status of a refusal, or why the fetch failed. */
export type FetchReply = { bytes: ArrayBuffer } | { status: number } | { error: string };

self.onmessage = async (e: MessageEvent<FetchRequest>) => {
  let reply: FetchReply;
  try {
    const res = await fetch(e.data.url, { credentials: 'same-origin' });
    reply = res.ok ? { bytes: await res.arrayBuffer() } : { status: res.status };
  } catch (err) {
    reply = { error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply, { transfer: 'bytes' in reply ? [reply.bytes] : [] });
};
