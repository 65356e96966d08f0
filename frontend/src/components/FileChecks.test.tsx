import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { FileChecks } from './FileChecks';

describe('FileChecks', () => {
  it('words each finding and links a duplicate to the other entry', () => {
    render(
      <MemoryRouter>
        <FileChecks
          check={{
            file_id: 'f',
            checked_at: '2026-12-01T00:00:00Z',
            facts: { pages: 12, has_text: true },
            warnings: [
              { code: 'max_pages', message: 'x', limit: 10, actual: 12 },
              { code: 'identity', message: 'x', field: 'author' },
              { code: 'duplicate', message: 'x', other_team_id: 42, organizers_only: true },
            ],
          }}
        />
      </MemoryRouter>,
    );
    expect(screen.getByText('12 pages')).toBeInTheDocument();
    expect(screen.getByText('Has 12 pages; this file may have at most 10.')).toBeInTheDocument();
    expect(screen.getByText(/Names your team or a member in its author field/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: "See that team's entry" })).toHaveAttribute('href', '/teams/42/receipt');
  });

  it("shows an image's size and the bounds it breaks", () => {
    render(<FileChecks check={{ file_id: 'f', checked_at: '', image: { width: 400, height: 700 }, warnings: [{ code: 'min_width', message: 'x', limit: 800, actual: 400 }, { code: 'page_size', message: 'x', field: 'A4', actual: 2 }] }} />);
    expect(screen.getByText('2 of its pages are not A4 (portrait or landscape).')).toBeInTheDocument();
    expect(screen.getByText('400×700 pixels')).toBeInTheDocument();
    expect(screen.getByText('Is 400 pixels wide; this image must be at least 800.')).toBeInTheDocument();
  });

  it('says a clean file is fine and waits for a check still running', () => {
    const { rerender } = render(<FileChecks check={{ file_id: 'f', checked_at: '', warnings: [] }} />);
    expect(screen.getByText('Checked: nothing to fix.')).toBeInTheDocument();
    // The server sends an empty list as null.
    rerender(<FileChecks check={{ file_id: 'f', checked_at: '', warnings: null }} />);
    expect(screen.getByText('Checked: nothing to fix.')).toBeInTheDocument();
    rerender(<FileChecks check={undefined} onRecheck={() => {}} />);
    expect(screen.getByText('Checking the file…')).toBeInTheDocument();
    rerender(<FileChecks check={undefined} />);
    expect(screen.queryByText('Checking the file…')).toBeNull();
  });
});
