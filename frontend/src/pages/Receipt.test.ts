import { describe, expect, it } from 'vitest';
import { pendingFingerprints, receiptAnswers } from './Receipt';

describe('receiptAnswers', () => {
  it('labels the answers in the form order and keeps answers to removed questions', () => {
    const form = [
      { key: 'repo', label: 'Repository' },
      { key: 'stage', label: 'Stage' },
      { key: 'pitch', label: 'Pitch' },
    ];
    expect(receiptAnswers({ stage: 'idea', repo: 'https://git.example.org/x', old: 'kept', pitch: '' }, form)).toEqual([
      { key: 'repo', label: 'Repository', value: 'https://git.example.org/x' },
      { key: 'stage', label: 'Stage', value: 'idea' },
      { key: 'old', label: 'old', value: 'kept' },
    ]);
    expect(receiptAnswers({}, form)).toEqual([]);
  });
});

describe('pendingFingerprints', () => {
  const file = (id: string, pending: boolean) => ({ file_id: id, slot: id, filename: `${id}.mp4`, size: 1, sha256: pending ? '' : 'ab'.repeat(32), sha256_pending: pending || undefined });
  const receipt = { submission_id: 1, team_id: 1, version: 1, submitted_at: '2026-12-07T10:00:00Z', title: 'T', abstract: '', fields: {}, digest: 'd', files: [file('a', false), file('b', true), file('c', true)] };
  it('lists the files whose SHA-256 was pending at the submit and is still unknown', () => {
    expect(pendingFingerprints({ receipt, fingerprints: {} })).toEqual(['b', 'c']);
    expect(pendingFingerprints({ receipt, fingerprints: { b: 'cd'.repeat(32) } })).toEqual(['c']);
    expect(pendingFingerprints({ receipt, fingerprints: { b: 'cd'.repeat(32), c: 'ef'.repeat(32) } })).toEqual([]);
  });
  it('treats a receipt without pending files, or a server without fingerprints, as complete', () => {
    expect(pendingFingerprints({ receipt: { ...receipt, files: [file('a', false)] }, fingerprints: {} })).toEqual([]);
  });
});
