// The round option that says what the automatic assignment evens out
// between judges: their number of entries, or the entries' expected
// reading time (pages and video length from the entry checks).

import { useTranslation } from 'react-i18next';
import { Field } from './ui';

export type RoundBalance = 'count' | 'time';

export function RoundBalanceField({ value, onChange, error }: { value: RoundBalance; onChange: (v: RoundBalance) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Field label={t('rounds.balance')} hint={t(`rounds.balanceHints.${value}`)} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as RoundBalance)}>
          {(['count', 'time'] as const).map((x) => (
            <option key={x} value={x}>
              {t(`rounds.balances.${x}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
