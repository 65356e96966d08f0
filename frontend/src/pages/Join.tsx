// Joining a team from an invite link: /join/<code>?c=<slug> or /c/<slug>/join/<code>.
// The page names the team, its track and its captain before anyone joins.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { keys } from '../api/keys';
import { RequireAuth } from '../components/RequireAuth';
import { ErrorBox, Field, PageTitle, QueryState } from '../components/ui';
import { rememberTeam } from '../lib/myteam';
import { useSession } from '../session';

export function JoinPage() {
  return (
    <RequireAuth>
      <Join />
    </RequireAuth>
  );
}

function Join() {
  const { t } = useTranslation();
  const { code = '', slug: slugParam } = useParams();
  const [params] = useSearchParams();
  const [picked, setPicked] = useState('');
  const slug = slugParam ?? params.get('c') ?? picked;
  const s = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const contests = useQuery({ queryKey: keys.contests(), queryFn: api.listContests, enabled: !slugParam && !params.get('c') });
  const contest = useQuery({ queryKey: keys.contest(slug), queryFn: () => api.getContest(slug), enabled: !!slug });
  const preview = useQuery({ queryKey: keys.invite(slug, code), queryFn: () => api.previewInvite(slug, code), enabled: !!slug && !!code, retry: false });
  const invalid = preview.error instanceof ApiError && preview.error.status === 404;
  const m = useMutation({
    mutationFn: () => api.joinTeam(slug, code),
    onSuccess: (team) => {
      if (s.user) rememberTeam(s.user.id, slug, team.id);
      void qc.invalidateQueries({ queryKey: keys.me() });
      void qc.invalidateQueries({ queryKey: keys.myTeams() });
      navigate(`/teams/${encodeURIComponent(String(team.id))}`);
    },
  });
  return (
    <div className="card narrow">
      <PageTitle>{t('join.title')}</PageTitle>
      <p>
        {t('join.code')}: <code className="code">{code}</code>
      </p>
      {!slugParam && !params.get('c') && (
        <QueryState q={contests}>
          {(list) => (
            <Field label={t('join.pickContest')}>
              {(p) => (
                <select {...p} value={picked} onChange={(e) => setPicked(e.target.value)}>
                  <option value="">{t('common.choose')}</option>
                  {list.map((c) => (
                    <option key={c.slug} value={c.slug}>
                      {c.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </QueryState>
      )}
      {preview.data ? (
        <div className="invite-preview" data-testid="invite-preview">
          <p className="lead">
            {t('join.preview', { team: preview.data.team, track: preview.data.track_title || preview.data.track, contest: preview.data.contest })}
          </p>
          <p>{t('join.captain', { name: preview.data.captain })}</p>
          <p className="muted small">{t('join.size', { n: preview.data.members, max: preview.data.max_team_size })}</p>
        </div>
      ) : (
        slug && contest.data && <p>{t('join.contest', { title: contest.data.title })}</p>
      )}
      {invalid && <p className="field-error">{t('join.invalid')}</p>}
      {preview.error && !invalid && <ErrorBox error={preview.error} />}
      {m.error && <ErrorBox error={m.error} />}
      <button type="button" className="btn btn-primary" disabled={!slug || invalid || m.isPending} onClick={() => m.mutate()}>
        {m.isPending ? t('common.working') : t('join.confirm')}
      </button>
    </div>
  );
}
