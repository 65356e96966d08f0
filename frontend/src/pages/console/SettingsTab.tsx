import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/endpoints';
import { keys } from '../../api/keys';
import { ContestEditor } from '../../components/ContestEditor';
import { Notice } from '../../components/ui';
import type { TabProps } from './tabs';

/** The contest's settings: the contest editor, saved in place. */
export function SettingsTab({ c }: TabProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [ok, setOk] = useState(false);
  const m = useMutation({
    mutationFn: (b: Parameters<typeof api.updateContest>[1]) => api.updateContest(c.slug, b),
    onSuccess: (updated) => {
      setOk(true);
      qc.setQueryData(keys.contest(c.slug), updated && typeof updated === 'object' && 'slug' in updated ? updated : undefined);
      void qc.invalidateQueries({ queryKey: keys.contest(c.slug) });
      void qc.invalidateQueries({ queryKey: keys.contests() });
    },
  });
  return (
    <div className="stack">
      {ok && <Notice kind="success">{t('console.saved')}</Notice>}
      <ContestEditor
        contest={c}
        onSave={(b) => {
          setOk(false);
          const { slug: _slug, ...rest } = b;
          void _slug;
          m.mutate(rest);
        }}
        saving={m.isPending}
        error={m.error}
        submitLabel={t('common.save')}
      />
    </div>
  );
}
