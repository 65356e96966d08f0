import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Assignment } from '../lib/judging';
import { api } from '../api/endpoints';
import { renderAt, testUser } from '../testing';
import { JudgeAssignment } from './Judge';

const assignment: Assignment = {
  id: 7,
  round_id: 2,
  entry_id: 40,
  status: 'draft',
  title: 'Owls at night',
  rubric: [{ id: 'impact', label: 'Impact', weight: 1, min: 1, max: 10 }],
  values: { impact: 6 },
  comment: '',
  files: [],
  closes_at: '2099-01-01T00:00:00Z',
  seq: 4,
};

afterEach(() => vi.restoreAllMocks());

describe("a judge's saves", () => {
  it('count on from the stored sheet, so the server can tell an overtaken autosave from the latest save', async () => {
    vi.spyOn(api, 'myAssignments').mockResolvedValue([assignment]);
    vi.spyOn(api, 'getAssignment').mockResolvedValue(assignment);
    const score = vi.spyOn(api, 'score').mockResolvedValue({
      assignment_id: 7, round_id: 2, entry_id: 40, judge_id: 3, values: { impact: 6 }, comment: '', final: false, seq: 5, submitted_at: null, updated_at: '2026-01-01T00:00:00Z',
    });
    renderAt('/judge/assignments/7', <Route path="judge/assignments/:id" element={<JudgeAssignment />} />, testUser({ id: 3 }));
    const save = await screen.findByRole('button', { name: 'Save draft' });
    fireEvent.click(save);
    await waitFor(() => expect(score).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(save).not.toBeDisabled());
    fireEvent.click(save);
    await waitFor(() => expect(score).toHaveBeenCalledTimes(2));
    expect(score.mock.calls.map(([, body]) => body.seq)).toEqual([5, 6]);
  });
});

describe("a judge's entry with a deck", () => {
  it('shows the rubric first and keeps the deck opened on arrival one tap away; View shows it', async () => {
    vi.mock('../components/DocumentViewer', () => ({ DocumentViewer: ({ filename }: { filename: string }) => <div>viewer of {filename}</div> }));
    const withDeck: Assignment = {
      ...assignment,
      files: [{ file_id: 'f1', filename: 'deck.pdf', sha256: 'aa', size: 1000, slot: 'deck' }],
    };
    vi.spyOn(api, 'myAssignments').mockResolvedValue([withDeck]);
    vi.spyOn(api, 'getAssignment').mockResolvedValue(withDeck);
    renderAt('/judge/assignments/7', <Route path="judge/assignments/:id" element={<JudgeAssignment />} />, testUser({ id: 3 }));
    const scores = await screen.findByRole('tab', { name: 'Scores' });
    const document = screen.getByRole('tab', { name: 'Document' });
    expect(screen.getByText('viewer of deck.pdf')).toBeInTheDocument(); // opened on arrival
    expect(scores).toHaveAttribute('aria-selected', 'true');
    expect(document).toHaveAttribute('aria-selected', 'false');
    Element.prototype.scrollIntoView = vi.fn(); // jsdom has none; View brings the document to the top
    fireEvent.click(screen.getByRole('button', { name: 'View' }));
    expect(document).toHaveAttribute('aria-selected', 'true');
  });
});
