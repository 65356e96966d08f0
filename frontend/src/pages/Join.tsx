// Joining a team from an invite link: /join/<code>?c=<slug> or /c/<slug>/join/<code>.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
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
  const contests = useQuery({ queryKey: ['contests'], queryFn: api.listContests, enabled: !slugParam && !params.get('c') });
  const contest = useQuery({ queryKey: ['contest', slug], queryFn: () => api.getContest(slug), enabled: !!slug });
  const m = useMutation({
    mutationFn: () => api.joinTeam(slug, code),
    onSuccess: (team) => {
      if (s.user) rememberTeam(s.user.id, slug, team.id);
      void qc.invalidateQueries({ queryKey: ['me'] });
      void qc.invalidateQueries({ queryKey: ['my-teams'] });
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
      {slug && contest.data && <p>{t('join.contest', { title: contest.data.title })}</p>}
      {m.error && <ErrorBox error={m.error} />}
      <button type="button" className="btn btn-primary" disabled={!slug || m.isPending} onClick={() => m.mutate()}>
        {m.isPending ? t('common.working') : t('join.confirm')}
      </button>
    </div>
  );
}
