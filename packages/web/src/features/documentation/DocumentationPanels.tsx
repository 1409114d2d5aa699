import { useTranslation } from 'react-i18next';
import type { CasePanelProps } from '../cases/case-panel.ts';
import { EvidencePanel } from './EvidencePanel.tsx';
import { TestimonyPanel } from './TestimonyPanel.tsx';
import { useVocabularyState } from './use-vocabularies.ts';
import { ViolationsPanel } from './ViolationsPanel.tsx';

/**
 * The case's documentation — testimonies, coded violations, evidence — for a member who
 * holds `testimony`, where all of it is encrypted. The vocabularies are loaded once here
 * and shared, so all three panels code against the same versions.
 */
export function DocumentationPanels(props: CasePanelProps) {
  const { t } = useTranslation();
  const { vocabularies, loaded } = useVocabularyState(props.session);
  if (!props.view.summary.compartments.includes('testimony')) return null;
  // Coding waits for the organisation's terms: a save must record their versions.
  if (!loaded) {
    return (
      <p role="status" className="panel">
        {t('documentation.loading')}
      </p>
    );
  }
  return (
    <>
      <TestimonyPanel {...props} vocabularies={vocabularies} />
      <ViolationsPanel {...props} vocabularies={vocabularies} />
      <EvidencePanel {...props} vocabularies={vocabularies} />
    </>
  );
}
