import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import type { Contest } from '../../api/model';
import { ConfirmAction, ErrorBox, Notice } from '../../components/ui';

/** A draft contest: say who sees it, and open it to the public after a confirmation. */
export function OpenContest({ c }: { c: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => api.openContest(c.slug),
    onSuccess: (opened) => {
      qc.setQueryData(keys.contest(c.slug), opened);
      void qc.invalidateQueries({ queryKey: keys.contests() });
    },
  });
  return (
    <Notice kind="warning">
      <strong>{t('console.draft')}</strong> — {t('console.draftText')}
      <div className="actions">
        <ConfirmAction label={t('console.open')} question={t('console.openConfirm')} confirmLabel={t('console.openNow')} pending={m.isPending} onConfirm={() => m.mutate()} />
      </div>
      {m.error && <ErrorBox error={m.error} />}
    </Notice>
  );
}
