import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Contest } from '../../api/model';
import { Empty, ErrorBox, Loading } from '../../components/ui';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../../session';
import { RoundDetail } from './RoundDetail';
import { RoundForm } from './RoundForm';
import type { TabProps } from './tabs';

/** The contest's rounds, a new round's form, or (rounds/<id>) one round. */
export function RoundsTab({ c, sub }: TabProps) {
  return sub ? <RoundDetail c={c} id={sub} /> : <RoundList c={c} />;
}

function RoundList({ c }: { c: Contest }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: keys.rounds(c.slug), queryFn: () => api.listRounds(c.slug), retry: false });
  const [creating, setCreating] = useState(false);
  // Rounds are the contest's: a track lead opens them but does not create them.
  const organizer = useSession().organizerOf(c.slug);
  return (
    <div className="stack">
      <section className="card">
        <div className="card-head">
          <h2>{t('rounds.title')}</h2>
          {organizer && !creating && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              {t('rounds.new')}
            </button>
          )}
        </div>
        {q.isPending ? (
          <Loading />
        ) : q.error ? (
          <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data?.length ? (
          <ul className="list">
            {q.data.map((r) => (
              <li key={String(r.id)} className="round-item">
                <Link to={`/organize/${encodeURIComponent(c.slug)}/rounds/${encodeURIComponent(String(r.id))}`}>{r.name}</Link>{' '}
                <span className="muted small">
                  {t(`rounds.methods.${r.method}`)} · {t('rounds.kShort', { k: r.judges_per_entry })} {r.blind ? `· ${t('rounds.blind')}` : ''} · {t('rounds.closes', { at: formatDateTime(r.closes_at, i18n.language) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('rounds.none')}</Empty>
        )}
      </section>
      {creating && <RoundForm c={c} onDone={() => setCreating(false)} />}
    </div>
  );
}
