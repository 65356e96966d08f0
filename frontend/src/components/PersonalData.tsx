// The account page's "your data": download everything Podium holds about
// you (a JSON file), and delete the account after typing the address again
// and the password, then a second confirming click (ConfirmAction).

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { ME_KEY } from '../session';
import { ConfirmAction, ErrorBox, Field } from './ui';

/** Saves a JSON document as a file the browser downloads. */
function saveJSON(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Download my data, and delete my account. */
export function PersonalData({ email }: { email: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const download = useMutation({ mutationFn: () => api.myData(), onSuccess: (d) => saveJSON('podium-my-data.json', d) });
  const [confirm, setConfirm] = useState('');
  const [password, setPassword] = useState('');
  const del = useMutation({
    mutationFn: () => api.deleteMe({ confirm: confirm.trim(), password }),
    onSuccess: () => {
      qc.clear();
      void qc.invalidateQueries({ queryKey: ME_KEY });
      void navigate('/');
    },
  });
  const fe = del.error instanceof ApiError ? del.error.fields : {};
  const ready = confirm.trim().toLowerCase() === email.toLowerCase() && password !== '';
  return (
    <section className="card">
      <h2>{t('privacy.title')}</h2>
      <p className="small muted">{t('privacy.downloadHint')}</p>
      <button type="button" className="btn btn-secondary" disabled={download.isPending} onClick={() => download.mutate()}>
        {download.isPending ? t('common.working') : t('privacy.download')}
      </button>
      {download.error && <ErrorBox error={download.error} />}
      <h3>{t('privacy.delete')}</h3>
      <p className="small muted">{t('privacy.deleteHint')}</p>
      <Field label={t('privacy.confirmEmail')} error={fe.confirm}>
        {(p) => <input {...p} type="email" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
      </Field>
      <Field label={t('privacy.password')} error={fe.password}>
        {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      {del.error && !Object.keys(fe).length && <ErrorBox error={del.error} />}
      {ready && <ConfirmAction label={t('privacy.delete')} question={t('privacy.deleteConfirm')} confirmLabel={t('privacy.deleteButton')} pending={del.isPending} onConfirm={() => del.mutate()} />}
    </section>
  );
}
