import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DataTable } from './DataTable';

type Row = { id: number; name: string; open?: boolean };
const rows: Row[] = [
  { id: 1, name: 'Owls', open: true },
  { id: 2, name: 'Larks' },
];

describe('DataTable', () => {
  it('renders declared columns, leaves out conditional ones, labels cells for phones and adds detail rows', () => {
    render(
      <DataTable
        rows={rows}
        rowKey={(r) => String(r.id)}
        rowProps={(r) => ({ 'data-team': String(r.id) })}
        detail={(r) => (r.open ? <p>details of {r.name}</p> : null)}
        columns={[{ header: 'Name', cell: (r) => r.name }, false, { header: 'Actions', srOnly: true, cell: (r) => <button type="button">Edit {r.name}</button> }]}
      />,
    );
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Actions']);
    const owls = screen.getByRole('row', { name: 'Owls Edit Owls' });
    expect(owls).toHaveAttribute('data-team', '1');
    expect(within(owls).getByText('Owls')).toHaveAttribute('data-label', 'Name');
    expect(screen.getByText('details of Owls').closest('td')).toHaveAttribute('colspan', '2');
    expect(screen.queryByText('details of Larks')).toBeNull();
  });

  it('shows the empty state instead of a table without rows', () => {
    render(<DataTable rows={[] as Row[]} rowKey={(r) => String(r.id)} empty="No teams yet" columns={[{ header: 'Name', cell: (r) => r.name }]} />);
    expect(screen.getByText('No teams yet')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('offers the next page while there is one', () => {
    const onMore = vi.fn();
    const { rerender } = render(
      <DataTable rows={rows} rowKey={(r) => String(r.id)} columns={[{ header: 'Name', cell: (r) => r.name }]} more={{ hasMore: true, loading: false, onMore, label: 'More teams' }} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'More teams' }));
    expect(onMore).toHaveBeenCalledOnce();
    rerender(<DataTable rows={rows} rowKey={(r) => String(r.id)} columns={[{ header: 'Name', cell: (r) => r.name }]} more={{ hasMore: false, loading: false, onMore, label: 'More teams' }} />);
    expect(screen.queryByRole('button', { name: 'More teams' })).toBeNull();
  });

  it('renders a long list a page at a time', () => {
    const many: Row[] = Array.from({ length: 250 }, (_, i) => ({ id: i + 1, name: `Team ${i + 1}` }));
    render(<DataTable rows={many} rowKey={(r) => String(r.id)} pageSize={100} columns={[{ header: 'Name', cell: (r) => r.name }]} />);
    expect(screen.getAllByRole('row')).toHaveLength(101); // the header and 100 rows
    fireEvent.click(screen.getByRole('button', { name: 'Show more (100 of 250 shown)' }));
    expect(screen.getAllByRole('row')).toHaveLength(201);
    fireEvent.click(screen.getByRole('button', { name: 'Show more (200 of 250 shown)' }));
    expect(screen.getAllByRole('row')).toHaveLength(251);
    expect(screen.queryByRole('button', { name: /Show more/ })).toBeNull();
  });

  it('counts the rows of a long list with thousands separators', () => {
    const many: Row[] = Array.from({ length: 10000 }, (_, i) => ({ id: i + 1, name: `Entry ${i + 1}` }));
    render(<DataTable rows={many} rowKey={(r) => String(r.id)} pageSize={1000} columns={[{ header: 'Name', cell: (r) => r.name }]} />);
    expect(screen.getByRole('button', { name: 'Show more (1,000 of 10,000 shown)' })).toBeInTheDocument();
  });
});
