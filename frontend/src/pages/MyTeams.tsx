// "My teams": the signed-in person's teams across contests (GET /me/teams).

import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import { RequireAuth } from '../components/RequireAuth';
import { Empty, PageTitle, QueryState } from '../components/ui';
import { formatDateTime, formatInZone } from '../lib/time';
import { teamContest } from './Team';

export function MyTeamsPage() {
  return (
    <RequireAuth>
      <MyTeams />
    </RequireAuth>
  );
}

function MyTeams() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: keys.myTeams(), queryFn: api.myTeams });
  const slugs = [...new Set((q.data ?? []).map(teamContest).filter(Boolean))];
  // The contests' titles and tracks (shared with the rest of the app's cache).
  const contests = useQueries({ queries: slugs.map((slug) => ({ queryKey: keys.contest(slug), queryFn: () => api.getContest(slug), retry: false })) });
  const bySlug = new Map(contests.flatMap((c) => (c.data ? [[c.data.slug, c.data] as const] : [])));
  return (
    <div className="card">
      <PageTitle>{t('teams.mine')}</PageTitle>
      <QueryState q={q}>
        {(teams) =>
          teams.length ? (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('teams.name')}</th>
                    <th scope="col">{t('teams.contest')}</th>
                    <th scope="col">{t('teams.track')}</th>
                    <th scope="col">{t('teams.deadline')}</th>
                  </tr>
                </thead>
                <tbody>
                  {teams.map((tm) => {
                    const slug = teamContest(tm);
                    const c = bySlug.get(slug);
                    return (
                      <tr key={String(tm.id)}>
                        <td>
                          <Link to={`/teams/${encodeURIComponent(String(tm.id))}`}>{tm.name}</Link>
                        </td>
                        <td>
                          <Link to={`/c/${encodeURIComponent(slug)}`}>{c?.title ?? slug}</Link>
                        </td>
                        <td>{c?.tracks?.find((x) => x.slug === tm.track)?.title ?? tm.track}</td>
                        <td>{tm.deadline ? (c ? formatInZone(tm.deadline, c.timezone, i18n.language) : formatDateTime(tm.deadline, i18n.language)) : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{t('teams.mineNone')}</Empty>
          )
        }
      </QueryState>
    </div>
  );
}
