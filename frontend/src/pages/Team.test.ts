import { describe, expect, it } from 'vitest';
import type { SubmissionFile } from '../api/model';
import { slotView } from './Team';

const stored: SubmissionFile = { id: 'f1', slot: 'deck', filename: 'deck.pdf', size: 2048, sha256: 'ab', status: 'stored', content_type: 'application/pdf', upload_kind: 'post', created_at: '', completed_at: null };

describe('slotView', () => {
  it('shows a finished upload once: as the stored file, not also as an upload', () => {
    const v = slotView([stored], { phase: 'done', filename: 'deck.pdf', size: 2048 });
    expect(v.current).toBe(stored);
    expect(v.showItem).toBe(false);
  });
  it('keeps showing the upload until the server lists the new file', () => {
    const old = { ...stored, id: 'f0', filename: 'old.pdf', status: 'replaced' };
    expect(slotView([old], { phase: 'done', filename: 'deck.pdf', size: 2048 }).showItem).toBe(true);
    expect(slotView([stored], { phase: 'uploading', filename: 'deck.pdf', size: 2048 }).showItem).toBe(true);
    expect(slotView([stored]).showItem).toBe(false);
  });
  it('never counts a pending file as the current one', () => {
    expect(slotView([{ ...stored, status: 'pending' }]).current).toBeUndefined();
  });
});
