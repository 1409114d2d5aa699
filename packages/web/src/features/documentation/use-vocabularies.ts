import { defaultVocabularies } from '@corridor/protocol';
import { loadVocabularies, type MemberSession, type Vocabularies } from '@corridor/vault';
import { useEffect, useState } from 'react';

export type { Vocabularies };

/** The vocabularies, and whether they are the organisation's yet (false: still loading). */
export interface VocabularyState {
  readonly vocabularies: Vocabularies;
  readonly loaded: boolean;
}

/**
 * The organisation's vocabularies, as the vocabulary team keeps them (decrypted and
 * checked in the vault); the defaults every organisation starts from while they load,
 * and if they cannot be loaded — reading and coding still work, and a term only the
 * organisation added is refused by the same checks rather than coded blindly.
 */
export function useVocabularyState(session: MemberSession): VocabularyState {
  const [state, setState] = useState<VocabularyState>({
    vocabularies: defaultVocabularies,
    loaded: false,
  });
  useEffect(() => {
    let current = true;
    loadVocabularies(session).then(
      (vocabularies) => current && setState({ vocabularies, loaded: true }),
      () => current && setState({ vocabularies: defaultVocabularies, loaded: true }),
    );
    return () => {
      current = false;
    };
  }, [session]);
  return state;
}

/** The vocabularies to label and code with: the defaults until the organisation's load. */
export const useVocabularies = (session: MemberSession): Vocabularies =>
  useVocabularyState(session).vocabularies;
