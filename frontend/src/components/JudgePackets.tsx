// A judge's offline packets: for each round with entries assigned to the
// judge, a button that has the server build a ZIP of those entries' files
// (blind-safe in a blind round) and downloads it through its short-lived
// attachment link once ready.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { Export, Id } from '../api/model';
import type { Assignment } from '../lib/judging';
import { ErrorBox } from './ui';

/** The rounds of a judge's assignments (conflicts given back excluded), in order of first appearance. */
export function packetRounds(assignments: Assignment[]): Id[] {
  const seen = new Set<string>();
  const out: Id[] = [];
  for (const a of assignments) {
    if (a.status === 'conflict' || seen.has(String(a.round_id))) continue;
    seen.add(String(a.round_id));
    out.push(a.round_id);
  }
  return out;
}

export function JudgePackets({ assignments }: { assignments: Assignment[] }) {
  const { t } = useTranslation();
  const rounds = packetRounds(assignments);
  if (!rounds.length) return null;
  return (
    <section className="card">
      <h2>{t('judge.packet.title')}</h2>
      <p className="small muted">{t('judge.packet.hint')}</p>
      <div className="actions">
        {rounds.map((r) => (
          <PacketButton key={String(r)} roundId={r} label={rounds.length > 1 ? `${t('judge.packet.download')} · ${t('judge.packet.round', { id: r })}` : t('judge.packet.download')} />
        ))}
      </div>
    </section>
  );
}

function PacketButton({ roundId, label }: { roundId: Id; label: string }) {
  const { t } = useTranslation();
  const [job, setJob] = useState<Export | null>(null);
  const start = useMutation({ mutationFn: () => api.startPacket(roundId), onSuccess: setJob });
  const finished = (s?: string) => s === 'done' || s === 'failed';
  const q = useQuery({
    queryKey: ['judgePacket', String(roundId), job?.id],
    queryFn: () => api.getPacket(roundId, job!.id),
    enabled: !!job,
    refetchInterval: (query) => (finished(query.state.data?.status) ? false : 1000),
  });
  const status = q.data?.status;
  useEffect(() => {
    if (status === 'done' && q.data?.download_url) window.location.assign(q.data.download_url);
  }, [status, q.data?.download_url]);
  const busy = start.isPending || (!!job && !finished(status));
  return (
    <>
      <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => start.mutate()}>
        {busy ? t('judge.packet.preparing') : label}
      </button>
      {status === 'failed' && <p className="field-error">{t('judge.packet.failed', { error: q.data?.error ?? '' })}</p>}
      {(start.error || q.error) && <ErrorBox error={start.error ?? q.error} />}
    </>
  );
}
