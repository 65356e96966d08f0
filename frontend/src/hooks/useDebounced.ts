import { useEffect, useState } from 'react';

/** The value, once it has stopped changing for `ms` milliseconds (search as the user types, once they pause). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return settled;
}
