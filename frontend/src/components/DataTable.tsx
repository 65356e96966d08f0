// The one table of the app: columns declared once (header and cell), an empty
// state, an optional "more" button for paginated lists, an optional detail row
// under a row, and a phone layout (cells labelled with their column's header,
// so a narrow screen can show each row as a card; by default a wide table
// scrolls sideways in its box).

import { Fragment, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/time';
import { Empty } from './ui';

/** One column of a DataTable. */
export interface Column<T> {
  /** The header; also the label of the cell in the phone layout when it is text. */
  header: ReactNode;
  /** Show the header to screen readers only (actions columns). */
  srOnly?: boolean;
  /** The content of the column's cell in a row. */
  cell: (row: T) => ReactNode;
  /** Class of the column's cells. */
  className?: string;
}

/** The pagination hook-in: a button that loads the next page. */
export interface MoreRows {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  label: ReactNode;
}

/** Props of a DataTable. Columns given as false/null/undefined are left out (conditional columns). */
export interface DataTableProps<T> {
  columns: (Column<T> | false | null | undefined)[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown instead of the table when there are no rows (nothing when absent). */
  empty?: ReactNode;
  /** Extra classes of the table element (besides `table`). */
  className?: string;
  /** Attributes of a row's element (a class, data attributes). */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
  /** A detail row under a row, spanning every column, or null for none. */
  detail?: (row: T) => ReactNode | null;
  more?: MoreRows;
  /**
   * Rows rendered at first, and added by each "show more" click, for lists
   * the server sends whole (a round of 10,000 entries must not become a
   * 10,000-row DOM). Ignored when `more` pages from the server.
   */
  pageSize?: number;
  /** 'scroll' (default): a wide table scrolls sideways; 'cards': each row stacks as a card on a phone. */
  phone?: 'scroll' | 'cards';
}

/** A table of rows with declared columns; see DataTableProps. */
export function DataTable<T>({ columns, rows: all, rowKey, empty, className, rowProps, detail, more, pageSize, phone = 'scroll' }: DataTableProps<T>) {
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState(pageSize ?? 0);
  const cols = columns.filter((c): c is Column<T> => !!c);
  if (!all.length) return empty === undefined ? null : <Empty>{empty}</Empty>;
  const windowed = !more && !!pageSize && all.length > shown;
  const rows = windowed ? all.slice(0, shown) : all;
  return (
    <div className={`table-wrap${phone === 'cards' ? ' table-cards' : ''}`}>
      <table className={`table${className ? ` ${className}` : ''}`}>
        <thead>
          <tr>
            {cols.map((c, i) => (
              <th scope="col" key={i}>
                {c.srOnly ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const d = detail?.(r);
            return (
              <Fragment key={rowKey(r)}>
                <tr {...rowProps?.(r)}>
                  {cols.map((c, i) => (
                    <td key={i} className={c.className} data-label={typeof c.header === 'string' && !c.srOnly ? c.header : undefined}>
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
                {d != null && d !== false && (
                  <tr>
                    <td colSpan={cols.length}>{d}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {windowed && (
        <button type="button" className="btn btn-secondary" onClick={() => setShown(shown + (pageSize ?? 0))}>
          {t('common.showMore', { shown: formatNumber(rows.length, i18n.language, 0), total: formatNumber(all.length, i18n.language, 0) })}
        </button>
      )}
      {more?.hasMore && (
        <button type="button" className="btn btn-secondary" disabled={more.loading} onClick={more.onMore}>
          {more.loading ? t('common.working') : more.label}
        </button>
      )}
    </div>
  );
}
