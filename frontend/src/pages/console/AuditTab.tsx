import { useTranslation } from 'react-i18next';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/ui';
import { useServerPages } from '../../hooks/useServerPages';
import { formatDateTime } from '../../lib/time';
import type { TabProps } from './tabs';

/**
 * The contest's audit log: who did what, when, newest first as the server
 * answers it (a page at a time: a national contest records thousands of
 * actions, and the organizer looks for today's).
 */
export function AuditTab({ c }: TabProps) {
  const { t, i18n } = useTranslation();
  const { list, rows, more } = useServerPages(keys.audit(c.slug), (after) => api.auditPage(c.slug, after), t('audit.more'));
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <p className="small muted">{t('audit.order')}</p>
      <QueryState q={list}>
        {() => (
          <DataTable
            // On a phone each entry is a card (when, who, what), not a table scrolled sideways.
            phone="cards"
            rows={rows}
            rowKey={(e) => String(e.id)}
            empty={t('audit.none')}
            more={more}
            columns={[
              { header: t('audit.when'), cell: (e) => formatDateTime(e.created_at, i18n.language) },
              { header: t('audit.who'), cell: (e) => e.actor_email ?? '—' },
              { header: t('audit.action'), cell: (e) => <code>{e.action}</code> },
              {
                header: t('audit.details'),
                className: 'small',
                cell: (e) => (
                  <>
                    {[e.object_type, e.object_id].filter(Boolean).join(' ')} {e.detail ? <code className="wrap">{typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail)}</code> : null}
                  </>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
