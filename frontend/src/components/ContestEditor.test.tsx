import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { ContestInput } from '../api/model';
import { rules } from '../api/rules.gen';
import { ContestEditor } from './ContestEditor';

function fillBasics() {
  fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: 'Ocean Hack' } });
  fireEvent.change(screen.getByLabelText(/^Registration opens/), { target: { value: '2026-01-01T09:00' } });
  fireEvent.change(screen.getByLabelText(/^Submissions open/), { target: { value: '2026-01-02T09:00' } });
  fireEvent.change(screen.getByLabelText(/^Submission deadline/), { target: { value: '2099-03-01T18:00' } });
}

function label(k: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[data-k="${k}"]`)!;
}

// Each change re-renders the whole editor (with every time zone): slow on a busy machine.
describe('ContestEditor', { timeout: 30_000 }, () => {
  it('derives from labels the keys the server accepts, in any language, without tracks', () => {
    const onSave = vi.fn<(b: ContestInput) => void>();
    render(<ContestEditor onSave={onSave} saving={false} error={null} submitLabel="Create" />);
    fillBasics();
    for (const name of ['Add field', 'Add field', 'Add file slot', 'Add file slot']) fireEvent.click(screen.getByRole('button', { name }));
    fireEvent.change(label('form[0].label'), { target: { value: 'What problem do you solve?' } });
    fireEvent.change(label('form[1].label'), { target: { value: '项目简介' } });
    fireEvent.change(label('files[0].label'), { target: { value: 'Demo video' } });
    fireEvent.change(label('files[1].label'), { target: { value: 'Demo video' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onSave).toHaveBeenCalledTimes(1);
    const body = onSave.mock.calls[0][0];
    expect(body.form?.map((f) => f.key)).toEqual(['what_problem_do_you_solve', 'field_2']);
    expect(body.files?.map((f) => f.key)).toEqual(['demo_video', 'demo_video_2']);
    for (const k of [...(body.form ?? []), ...(body.files ?? [])].map((f) => f.key)) expect(rules.key.pattern.test(k)).toBe(true);
    expect(body.tracks).toEqual([]);
    expect(body.slug).toBe('ocean-hack');
  });

  it('gives each contest with a title of no Latin letters its own valid address', () => {
    const slugs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const onSave = vi.fn<(b: ContestInput) => void>();
      const { unmount } = render(<ContestEditor onSave={onSave} saving={false} error={null} submitLabel="Create" />);
      fillBasics();
      fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: '智慧农业创新大赛' } });
      fireEvent.click(screen.getByRole('button', { name: 'Create' }));
      slugs.push(onSave.mock.calls[0][0].slug);
      unmount();
    }
    for (const s of slugs) expect(rules.slug.pattern.test(s), s).toBe(true);
    expect(slugs[0]).not.toBe(slugs[1]);
  });

  it('keeps an edited key, and checks it with the server\'s rule', () => {
    const onSave = vi.fn();
    render(<ContestEditor onSave={onSave} saving={false} error={null} submitLabel="Create" />);
    fillBasics();
    fireEvent.click(screen.getByRole('button', { name: 'Add field' }));
    fireEvent.change(label('form[0].key'), { target: { value: 'demo-video' } });
    fireEvent.change(label('form[0].label'), { target: { value: 'Pitch' } });
    expect(label('form[0].key')).toHaveValue('demo-video');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(label('form[0].key').closest('details')).toHaveAttribute('open');
    expect(label('form[0].key')).toHaveAccessibleDescription(/lowercase letter first/);
  });

  it('shows each server problem next to its field and in the summary with labels, never a raw path', () => {
    const error = new ApiError(400, 'invalid', 'invalid input', {
      'files[0].key': { code: 'pattern', params: { rule: 'key' }, message: 'must be a lowercase identifier' },
      'files[0].types[1]': { code: 'file_type', params: { supported: '.pdf .mp4' }, message: 'is not a type Podium can verify' },
      tracks: { code: 'too_many', params: { max: 100 }, message: 'must have at most 100 items' },
    });
    const contest = {
      id: 1, slug: 'demo', title: 'Demo', description: '', timezone: 'UTC', registration_opens_at: '2026-01-01T00:00:00Z', registration_closes_at: null,
      submission_opens_at: '2026-01-02T00:00:00Z', submission_deadline: '2099-01-01T00:00:00Z', max_team_size: 3, tracks: [{ id: 1, slug: 'general', title: 'General' }], form: [],
      files: [{ key: 'demo-video', label: 'Demo video', required: true, max_bytes: 1 << 20, types: ['.pdf', '.exe'] }], results_published_at: null, feedback_enabled: false, status: 'open',
      created_at: '', updated_at: '',
    };
    const { container } = render(<ContestEditor contest={contest} onSave={vi.fn()} saving={false} error={error} submitLabel="Save" />);
    expect(label('files[0].key')).toHaveAccessibleDescription(/lowercase letter first/);
    expect(label('files[0].key').closest('details')).toHaveAttribute('open');
    expect(label('files[0].types')).toHaveAccessibleDescription(/Podium cannot check this file type/);
    const summary = within(screen.getByRole('alert'));
    expect(summary.getByText(/File slot 1 “Demo video” — Key:/)).toBeInTheDocument();
    expect(summary.getByText(/^Tracks: At most 100 items/)).toBeInTheDocument();
    expect(container.textContent).not.toMatch(/files\[0\]|\.key\b|tracks:/);
  });

  it("keeps a slot's page and length limits, typed by the organizer, and sends them in the API's units", () => {
    const onSave = vi.fn<(b: ContestInput) => void>();
    const contest = {
      id: 1, slug: 'demo', title: 'Demo', description: '', timezone: 'UTC', registration_opens_at: '2026-01-01T00:00:00Z', registration_closes_at: null,
      submission_opens_at: '2026-01-02T00:00:00Z', submission_deadline: '2099-01-01T00:00:00Z', max_team_size: 3, tracks: [], form: [],
      files: [
        { key: 'deck', label: 'Deck', required: true, max_bytes: 1 << 20, types: ['.pdf'], max_pages: 12 },
        { key: 'video', label: 'Video', required: false, max_bytes: 1 << 20, types: ['.mp4'] },
        { key: 'poster', label: 'Poster', required: false, max_bytes: 1 << 20, types: ['.png'], max_height: 2000 },
      ],
      results_published_at: null, feedback_enabled: false, status: 'open', created_at: '', updated_at: '',
    };
    render(<ContestEditor contest={contest} onSave={onSave} saving={false} error={null} submitLabel="Save" />);
    expect(screen.getAllByLabelText(/^Page limit \(PDF\)/)[0]).toHaveValue(12);
    expect(screen.getAllByLabelText(/^Maximum height/)[2]).toHaveValue(2000);
    fireEvent.change(screen.getAllByLabelText(/^Minimum width/)[2], { target: { value: '800' } });
    fireEvent.change(screen.getAllByLabelText(/^Page size \(PDF\)/)[0], { target: { value: 'A4' } });
    fireEvent.change(screen.getAllByLabelText(/^Length limit/)[1], { target: { value: '2.5' } });
    fireEvent.change(screen.getAllByLabelText(/^Page limit \(PDF\)/)[0], { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledTimes(1);
    const files = onSave.mock.calls[0][0].files ?? [];
    expect(files.map((f) => [f.max_pages, f.max_duration_seconds, f.min_width, f.max_height, f.page_size])).toEqual([
      [10, 0, 0, 0, 'A4'],
      [0, 150, 0, 0, undefined],
      [0, 0, 800, 2000, undefined],
    ]);
  });
});
