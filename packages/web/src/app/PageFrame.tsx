import { Component, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

function PageLoading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="hint">
      {t('app.loadingPage')}
    </p>
  );
}

function PageFailed() {
  const { t } = useTranslation();
  return (
    <p role="alert" className="error">
      {t('app.pageFailed')}
    </p>
  );
}

interface BoundaryProps {
  page: string;
  children: ReactNode;
}
interface BoundaryState {
  page: string;
  failed: boolean;
}

/** Catches a page that could not be fetched (offline, or a redeploy replaced its chunk). */
class PageErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { page: this.props.page, failed: false };

  static getDerivedStateFromError(): Partial<BoundaryState> {
    return { failed: true };
  }

  /** Navigating away clears the failure, without remounting the page being shown. */
  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState) {
    return props.page === state.page ? null : { page: props.page, failed: false };
  }

  override render(): ReactNode {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

/**
 * Where a page loaded on demand appears: a status line while its chunk arrives, a message
 * instead of a blank screen if it cannot. `page` names the route shown, so a failure on one
 * page does not stick to the next.
 */
export function PageFrame({ page, children }: BoundaryProps) {
  return (
    <PageErrorBoundary page={page}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </PageErrorBoundary>
  );
}
