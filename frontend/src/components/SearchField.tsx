// A list's search box that searches as the user types, once they pause. It
// keeps what is typed itself and hands only the settled text to the page:
// a keystroke re-renders the box, not the list beside it (with a few hundred
// teams loaded, a page that kept the text re-rendered every row on each
// keystroke, 300–800 ms of work per key on a busy machine).

import { useEffect, useState, type ReactNode } from 'react';
import { useDebounced } from '../hooks/useDebounced';
import { Field } from './ui';

/** Props of a SearchField. */
export interface SearchFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Called with the text once typing has paused for `ms` (and with '' at first). Keep it stable (a state setter). */
  onSearch: (text: string) => void;
  ms?: number;
}

/** A labelled search box that reports what is typed once the user pauses; see SearchFieldProps. */
export function SearchField({ label, hint, onSearch, ms = 300 }: SearchFieldProps) {
  const [text, setText] = useState('');
  const settled = useDebounced(text, ms);
  useEffect(() => onSearch(settled), [settled, onSearch]);
  return (
    <Field label={label} hint={hint}>
      {(p) => <input {...p} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
    </Field>
  );
}
