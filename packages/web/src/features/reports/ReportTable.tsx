import type { ProtectedCell, ReportTable as Table } from '@corridor/vault';
import { useTranslation } from 'react-i18next';
import { cellExplanation, cellText } from './report-text.ts';

/**
 * A published figure, or a hidden one: the word "hidden" with a marker (* or **) for the
 * eye, and the full reason for screen readers. Never colour alone.
 */
export function Figure({
  cell,
  threshold,
  total = false,
}: {
  cell: ProtectedCell;
  threshold: number;
  total?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const explanation = cellExplanation(t, cell, threshold);
  const className = [total ? 'total' : '', explanation ? 'hidden-figure' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <td className={className || undefined}>
      {explanation ? (
        <>
          <span aria-hidden="true">{cellText(t, cell, i18n.language)}</span>
          <span className="visually-hidden">{explanation}</span>
        </>
      ) : (
        cellText(t, cell, i18n.language)
      )}
    </td>
  );
}

/**
 * The report's main table with its sums of cells, hidden figures marked, and the markers'
 * key. When the rows are different figures the columns are not added up (no footer).
 */
export function ReportTable({
  table,
  title,
  rowsHeader,
  threshold,
}: {
  table: Table;
  title: string;
  rowsHeader: string;
  threshold: number;
}) {
  const { t } = useTranslation();
  const grid = table.protectedTable;
  return (
    <>
      <div className="table-scroll">
        <table className="report-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{rowsHeader}</th>
              {table.columnLabels.map((label, j) => (
                <th scope="col" key={table.columnKeys[j]}>
                  {label}
                </th>
              ))}
              <th scope="col">{t('reports.result.total')}</th>
            </tr>
          </thead>
          <tbody>
            {table.rowLabels.map((label, i) => (
              <tr key={table.rowKeys[i]}>
                <th scope="row">{label}</th>
                {(grid.cells[i] ?? []).map((cell, j) => (
                  <Figure key={table.columnKeys[j]} cell={cell} threshold={threshold} />
                ))}
                {grid.rowTotals[i] && (
                  <Figure cell={grid.rowTotals[i]} threshold={threshold} total />
                )}
              </tr>
            ))}
          </tbody>
          {table.columnTotalsPublished && (
            <tfoot>
              <tr>
                <th scope="row">{t('reports.result.total')}</th>
                {grid.columnTotals.map((cell, j) => (
                  <Figure key={table.columnKeys[j]} cell={cell} threshold={threshold} total />
                ))}
                <Figure cell={grid.grandTotal} threshold={threshold} total />
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      <p className="hint">{t('reports.result.hiddenKey', { threshold })}</p>
      <p className="hint">{t('reports.result.sumNote')}</p>
      {!table.columnTotalsPublished && <p className="hint">{t('reports.result.noColumnSum')}</p>}
    </>
  );
}
