// The organizer console's entry: the contests I organize, and creating one
// (platform admins; the creator becomes the contest's organizer).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import { ContestEditor } from '../components/ContestEditor';
import { RequireAuth } from '../components/RequireAuth';
import { Empty, Notice, PageTitle, QueryState } from '../components/ui';
import { useSession, ME_KEY } from '../session';
import { PhaseBadge } from './Home';

export function OrganizerHome() {
  return (
    <RequireAuth>
      <List />
    </RequireAuth>
  );
}

function List() {
  const { t } = useTranslation();
  const s = useSession();
  const q = useQuery({ queryKey: keys.contests(), queryFn: api.listContests });
  return (
    <div className="stack">
      <div className="page-head">
        <PageTitle>{t('organize.title')}</PageTitle>
        {s.isAdmin && (
          <Link className="btn btn-primary" to="/organize/new">
            {t('organize.newContest')}
          </Link>
        )}
      </div>
      <QueryState q={q}>
        {(all) => {
          const mine = all.filter((c) => s.organizerOf(c.slug) || s.leadOf(c.slug));
          return mine.length ? (
            <ul className="grid cards">
              {mine.map((c) => (
                <li key={c.slug} className="card contest-card">
                  <div className="card-head">
                    <h2 className="h3">
                      <Link to={`/organize/${encodeURIComponent(c.slug)}`}>{c.title}</Link>
                    </h2>
                    <PhaseBadge c={c} />
                  </div>
                  <p className="muted small mono">{c.slug}</p>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>{s.isAdmin ? t('organize.noneAdmin') : t('organize.none')}</Empty>
          );
        }}
      </QueryState>
    </div>
  );
}

export function ContestEditorPage() {
  return (
    <RequireAuth>
      <Create />
    </RequireAuth>
  );
}

function Create() {
  const { t } = useTranslation();
  const s = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const m = useMutation({
    mutationFn: api.createContest,
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: keys.contests() });
      void qc.invalidateQueries({ queryKey: ME_KEY });
      navigate(`/organize/${encodeURIComponent(c.slug)}`);
    },
  });
  return (
    <div className="stack">
      <PageTitle>{t('organize.newContest')}</PageTitle>
      {!s.isAdmin && <Notice kind="warning">{t('organize.adminOnly')}</Notice>}
      <ContestEditor onSave={(b) => m.mutate(b)} saving={m.isPending} error={m.error} submitLabel={t('organize.create')} />
    </div>
  );
}
