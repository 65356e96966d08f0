// The organizer console of one contest: a header, the draft notice, and the
// tabs listed in tabs.ts (settings, members, teams, rounds, results, exports,
// audit), each in its own file.

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { Refusal } from '../../components/AccessState';
import { RequireAuth } from '../../components/RequireAuth';
import { PageTitle, QueryState } from '../../components/ui';
import { useSession } from '../../session';
import { OpenContest } from './OpenContest';
import { DEFAULT_TAB, TABS } from './tabs';

/** The console page (/organize/:slug/*), for signed-in organizers of the contest. */
export function ConsolePage() {
  return (
    <RequireAuth>
      <Console />
    </RequireAuth>
  );
}

function Console() {
  const { t } = useTranslation();
  const { slug = '', '*': rest = '' } = useParams();
  const [tab, ...sub] = rest.split('/');
  const session = useSession();
  // A track lead sees the tabs of their tracks only (the server answers for their tracks).
  const lead = !session.organizerOf(slug) && session.leadOf(slug);
  const tabs = lead ? TABS.filter((x) => x.lead) : TABS;
  const active = tabs.find((x) => x.id === tab) ?? tabs.find((x) => x.id === DEFAULT_TAB) ?? tabs[0];
  const q = useQuery({ queryKey: keys.contest(slug), queryFn: () => api.getContest(slug) });
  return (
    <QueryState q={q}>
      {(c) => !session.organizerOf(c.slug) && !lead ? <Refusal kind="forbidden" /> : (
        <div className="stack console">
          <div className="page-head">
            <div>
              <PageTitle>{c.title}</PageTitle>
              <p className="muted small">{t('console.subtitle')}</p>
            </div>
            <Link className="btn btn-secondary" to={`/c/${encodeURIComponent(c.slug)}`}>
              {t('console.publicPage')}
            </Link>
          </div>
          {c.status === 'draft' && !lead && <OpenContest c={c} />}
          <nav className="tabs" aria-label={t('console.sections')}>
            {tabs.map(({ id }) => (
              <Link key={id} to={`/organize/${encodeURIComponent(slug)}/${id}`} className={`tab${id === active.id ? ' tab-active' : ''}`} aria-current={id === active.id ? 'page' : undefined}>
                {t(`console.tabs.${id}`)}
              </Link>
            ))}
          </nav>
          <div>
            <active.Component c={c} sub={active.id === tab ? (sub[0] ?? '') : ''} />
          </div>
        </div>
      )}
    </QueryState>
  );
}
