import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contest } from '../../api/model';
import { RoundForm } from './RoundForm';

const contest = {
  id: 1, slug: 'demo', title: 'Demo', description: '', timezone: 'UTC', registration_opens_at: '', registration_closes_at: null, submission_opens_at: '',
  submission_deadline: '', max_team_size: 3, tracks: [{ id: 1, slug: 'general', title: 'General' }], form: [], files: [], results_published_at: null,
  feedback_enabled: false, status: 'open', created_at: '', updated_at: '',
} satisfies Contest;

function renderForm() {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <MemoryRouter>
        <RoundForm c={contest} onDone={() => undefined} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('RoundForm', () => {
  it('gives a new criterion an id the server accepts, and shows the server\'s problem with it', async () => {
    const fetch = vi.fn(async () =>
      new Response(JSON.stringify({ error: { code: 'invalid', message: 'rubric[3].id: …', fields: { 'rubric[3].id': { code: 'duplicate', message: 'is already used' } } } }), {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    vi.stubGlobal('fetch', fetch);
    renderForm();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Preliminary' } });
    fireEvent.change(screen.getByLabelText(/^Closes at/), { target: { value: '2099-01-01T10:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add criterion' }));
    const labels = screen.getAllByLabelText(/^Criterion/);
    fireEvent.change(labels[3], { target: { value: 'Technical depth' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create round' }));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    const body = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string);
    expect(body.rubric.map((r: { id: string }) => r.id)).toEqual(['innovation', 'impact', 'execution', 'technical_depth']);
    await waitFor(() => expect(screen.getAllByLabelText(/^Criterion/)[3]).toHaveAccessibleDescription(/already used by another item/));
  });

  it('sends the balance the organizer chose', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ data: { id: 9 } }), { status: 201, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    renderForm();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Preliminary' } });
    fireEvent.change(screen.getByLabelText(/^Closes at/), { target: { value: '2099-01-01T10:00' } });
    expect(screen.getByLabelText(/^Balance judges by/)).toHaveValue('count');
    fireEvent.change(screen.getByLabelText(/^Balance judges by/), { target: { value: 'time' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create round' }));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    const body = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string);
    expect(body.balance).toBe('time');
  });
});
