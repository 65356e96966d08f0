// The per-slot upload state of a team's submission: hash → ask the server for a
// presigned upload → send to storage (pause/resume/retry) → complete.

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import type { Id, StoredPart } from '../api/model';
import { sha256Hex } from './hash';
import { forgetParts, rememberPart, trustedParts } from './partLedger';
import { isAbort, Uploader, xhrTransport, type Transport, type UploadPlan } from './upload';

export type UploadPhase = 'hashing' | 'preparing' | 'uploading' | 'paused' | 'retrying' | 'completing' | 'done' | 'error';

/** What the UI shows for one slot's upload. */
export interface UploadItem {
  slot: string;
  filename: string;
  size: number;
  phase: UploadPhase;
  loaded: number;
  hashed: number;
  sha256?: string;
  fileId?: Id;
  /** False for a one-request (POST) upload, which a pause would restart. */
  resumable?: boolean;
  error?: unknown;
}

interface Internal {
  file: File;
  fileId?: Id;
  pending?: PendingFile;
  uploader?: Uploader;
  abort?: AbortController;
  parts?: StoredPart[];
}

/** Dependencies, injectable for tests. */
export interface UploadDeps {
  transport?: Transport;
  createFile?: typeof api.createFile;
  completeFile?: typeof api.completeFile;
  uploadState?: typeof api.uploadState;
  hash?: typeof sha256Hex;
}

/** An unfinished upload the server knows (status "pending"), to resume instead of restarting. */
export interface PendingFile {
  id: Id;
  filename: string;
  size: number;
  sha256: string;
}

/** Upload state per slot and the actions on it. onDone runs after a file is accepted. */
export function useUploads(teamId: Id, onDone: (slot: string) => void, deps: UploadDeps = {}) {
  const [items, setItems] = useState<Record<string, UploadItem>>({});
  const internals = useRef(new Map<string, Internal>());
  const transport = deps.transport ?? xhrTransport;
  const createFile = deps.createFile ?? api.createFile;
  const completeFile = deps.completeFile ?? api.completeFile;
  const uploadState = deps.uploadState ?? api.uploadState;
  const hash = deps.hash ?? sha256Hex;

  const patch = useCallback((slot: string, p: Partial<UploadItem>) => {
    setItems((prev) => (prev[slot] ? { ...prev, [slot]: { ...prev[slot], ...p } } : prev));
  }, []);

  // Warn before leaving while bytes are in flight.
  useEffect(() => {
    const busy = Object.values(items).some((i) => ['hashing', 'preparing', 'uploading', 'retrying', 'completing'].includes(i.phase));
    if (!busy) return;
    const h = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [items]);

  const run = useCallback(
    async (slot: string) => {
      const st = internals.current.get(slot);
      if (!st) return;
      try {
        if (!st.uploader) {
          const ac = new AbortController();
          st.abort = ac;
          patch(slot, { phase: 'hashing', error: undefined });
          const sha = await hash(st.file, (done) => patch(slot, { hashed: done }), ac.signal);
          patch(slot, { sha256: sha, phase: 'preparing' });
          let res: { file_id: Id; upload: UploadPlan };
          let done: StoredPart[] = [];
          // Parts the store lists that this browser does not trust: re-signed in every window.
          let doubtful: number[] = [];
          const p = st.pending;
          if (p && p.sha256 === sha && p.size === st.file.size && p.filename === st.file.name) {
            // The same file was being uploaded before a reload or a dropped connection:
            // ask which parts are stored and continue with fresh URLs for the rest.
            let state = await uploadState(teamId, p.id);
            const fileId = state.file_id ?? p.id;
            done = trustedParts(fileId, state.done ?? []);
            doubtful = (state.done ?? []).filter((d) => !done.some((t) => t.number === d.number)).map((d) => d.number);
            if (doubtful.length) state = await uploadState(teamId, fileId, doubtful);
            res = { file_id: fileId, upload: state.upload };
          } else {
            res = await createFile(teamId, {
              slot,
              filename: st.file.name,
              size: st.file.size,
              content_type: st.file.type || 'application/octet-stream',
              sha256: sha,
            });
          }
          if (ac.signal.aborted) return;
          patch(slot, { fileId: res.file_id });
          st.uploader = new Uploader({
            file: st.file,
            plan: res.upload,
            completed: done,
            transport,
            onPart: (part) => rememberPart(res.file_id, part),
            // The server signs part URLs a window at a time; fetch the next as the upload goes.
            fetchParts: async (fromPart) => {
              const next = await uploadState(teamId, res.file_id, doubtful, fromPart);
              if (next.upload.method !== 'MULTIPART') throw new Error(`the upload is ${next.status}`);
              return next.upload;
            },
            onProgress: (loaded) => patch(slot, { loaded }),
            onState: (s) => {
              if (s === 'uploading' || s === 'retrying' || s === 'paused') patch(slot, { phase: s });
            },
          });
          st.fileId = res.file_id;
          patch(slot, { resumable: st.uploader.resumable });
        }
        const parts = await st.uploader.start();
        if (parts === null) return; // paused
        patch(slot, { phase: 'completing' });
        const fileId = st.fileId!;
        await completeFile(teamId, fileId, st.uploader.plan.method === 'MULTIPART' ? parts : undefined);
        forgetParts(fileId);
        patch(slot, { phase: 'done', loaded: st.file.size });
        onDone(slot);
      } catch (err) {
        if (isAbort(err)) return;
        patch(slot, { phase: 'error', error: err });
      }
    },
    [teamId, createFile, completeFile, uploadState, hash, transport, patch, onDone],
  );

  const start = useCallback(
    (slot: string, file: File, pending?: PendingFile) => {
      const old = internals.current.get(slot);
      old?.abort?.abort();
      old?.uploader?.pause();
      internals.current.set(slot, { file, pending });
      setItems((prev) => ({ ...prev, [slot]: { slot, filename: file.name, size: file.size, phase: 'hashing', loaded: 0, hashed: 0 } }));
      void run(slot);
    },
    [run],
  );

  const pause = useCallback((slot: string) => {
    internals.current.get(slot)?.uploader?.pause();
  }, []);

  const resume = useCallback(
    (slot: string) => {
      void run(slot);
    },
    [run],
  );

  const cancel = useCallback((slot: string) => {
    const st = internals.current.get(slot);
    st?.abort?.abort();
    st?.uploader?.pause();
    internals.current.delete(slot);
    setItems((prev) => {
      const n = { ...prev };
      delete n[slot];
      return n;
    });
  }, []);

  return { items, start, pause, resume, cancel };
}
