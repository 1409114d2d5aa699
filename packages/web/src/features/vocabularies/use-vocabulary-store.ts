import { loadVocabularyStore, type MemberSession, type VocabularyStore } from '@corridor/vault';
import { useCallback, useEffect, useState } from 'react';

/** The vocabulary store as this member reads it, opened in this browser; `reload` after a save. */
export function useVocabularyStore(session: MemberSession) {
  const [store, setStore] = useState<VocabularyStore | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setStore(await loadVocabularyStore(session));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [session]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { store, error, reload };
}
