// The submission form rendered from a contest's form definition: fixed title and
// abstract, then one control per field (text, textarea, url, select), each with
// its label and its error message right below it.

import { useTranslation } from 'react-i18next';
import type { FormField } from '../api/model';
import { Field } from './ui';

export interface SubmissionValues {
  title: string;
  abstract: string;
  fields: Record<string, string>;
}

export function SubmissionFields({
  form,
  values,
  errorFor,
  onChange,
  readOnly,
}: {
  form: FormField[];
  values: SubmissionValues;
  errorFor: (key: string) => string | undefined;
  onChange: (key: string, value: string, isField: boolean) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div data-field="title">
        <Field label={t('submission.entryTitle')} error={errorFor('title')} required>
          {(p) => <input {...p} value={values.title} readOnly={readOnly} maxLength={200} onChange={(e) => onChange('title', e.target.value, false)} />}
        </Field>
      </div>
      <div data-field="abstract">
        <Field label={t('submission.abstract')} error={errorFor('abstract')}>
          {(p) => <textarea {...p} rows={5} value={values.abstract} readOnly={readOnly} onChange={(e) => onChange('abstract', e.target.value, false)} />}
        </Field>
      </div>
      {form.map((f) => (
        <div data-field={f.key} key={f.key}>
          <Field label={f.label} error={errorFor(f.key)} required={f.required} hint={f.type === 'url' ? t('submission.urlHint') : undefined}>
            {(p) => {
              const v = values.fields[f.key] ?? '';
              const set = (x: string) => onChange(f.key, x, true);
              switch (f.type) {
                case 'textarea':
                  return <textarea {...p} name={f.key} rows={6} value={v} readOnly={readOnly} onChange={(e) => set(e.target.value)} />;
                case 'select':
                  return (
                    <select {...p} name={f.key} value={v} disabled={readOnly} onChange={(e) => set(e.target.value)}>
                      <option value="">{t('common.choose')}</option>
                      {(f.options ?? []).map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  );
                case 'url':
                  return <input {...p} name={f.key} type="url" inputMode="url" placeholder="https://" value={v} readOnly={readOnly} onChange={(e) => set(e.target.value)} />;
                default:
                  return <input {...p} name={f.key} type="text" value={v} readOnly={readOnly} onChange={(e) => set(e.target.value)} />;
              }
            }}
          </Field>
        </div>
      ))}
    </>
  );
}
