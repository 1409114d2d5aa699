import type { ReportChart as Chart } from '@corridor/vault';
import { BarController, BarElement, CategoryScale, Chart as ChartJs, LinearScale } from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Only the pieces a bar chart needs, so the rest of chart.js stays out of the bundle.
ChartJs.register(BarController, BarElement, CategoryScale, LinearScale);

/**
 * One of the report's charts as bars. A hidden figure is a gap (chart.js leaves a null
 * bar out), never a zero; the caption says so. The canvas is an image with a label that
 * reads the figures out; the table above is the accessible form of the same numbers.
 */
export function ReportChart({
  chart,
  onCanvas,
}: {
  chart: Chart;
  /** The drawn canvas, for the PDF export's picture of it (null when it goes). */
  onCanvas: (id: string, canvas: HTMLCanvasElement | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const drawn = new ChartJs(element, {
      type: 'bar',
      data: {
        labels: [...chart.labels],
        datasets: [
          {
            label: chart.title,
            data: [...chart.values],
            backgroundColor: '#1f5f8b',
          },
        ],
      },
      options: {
        // Drawn at once: the PDF takes a picture of it, and motion helps no one read it.
        animation: false,
        responsive: false,
        devicePixelRatio: 2,
        scales: {
          y: {
            beginAtZero: true,
            ticks: { precision: 0, color: '#222' },
          },
          x: { ticks: { color: '#222' } },
        },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        locale: i18n.language,
      },
    });
    onCanvas(chart.id, element);
    return () => {
      onCanvas(chart.id, null);
      drawn.destroy();
    };
  }, [chart, onCanvas, i18n.language]);

  const values = chart.labels
    .map((label, i) => {
      const value = chart.values[i];
      return value === null || value === undefined
        ? t('reports.result.chartValueHidden', { label })
        : t('reports.result.chartValue', {
            label,
            value: new Intl.NumberFormat(i18n.language).format(value),
          });
    })
    .join('; ');

  return (
    <figure className="report-chart">
      <canvas
        ref={canvas}
        width={640}
        height={320}
        role="img"
        aria-label={t('reports.result.chartLabel', { title: chart.title, values })}
      />
      <figcaption>{t('reports.result.chartCaption', { title: chart.title })}</figcaption>
    </figure>
  );
}
