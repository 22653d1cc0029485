// Charts, wrapped once around uPlot: a time axis or named categories, bars or lines, the app's colours
// read from its tokens (so light and dark both read well) and redrawn when the theme or width changes.
// The canvas is an image to assistive tech: `label` says what it shows and screens keep a table of the
// same figures beside it.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** A colour token, e.g. `--accent`. */
  color: string;
  values: (number | null)[];
}

export interface ChartProps {
  /** What the chart shows, for assistive tech and as its caption. */
  label: string;
  /** Seconds since the epoch per point (a time axis) or names per point (categories). */
  x: { time: number[] } | { categories: string[] };
  /** Bars take one series (they would cover each other); lines take several. */
  series: ChartSeries[];
  kind: 'bars' | 'lines';
  /** How the y axis and the legend say a value; on the axis, `step` is the distance between ticks. */
  format: (v: number, step?: number) => string;
  height?: number;
  /** With a time axis: the width of one point (seconds), so a single point still gets room. */
  step?: number;
}

const token = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function options(p: ChartProps, width: number): uPlot.Options {
  const muted = token('--text-muted');
  const grid = token('--border');
  const isTime = 'time' in p.x;
  const n = isTime ? (p.x as { time: number[] }).time.length : (p.x as { categories: string[] }).categories.length;
  const names = isTime ? [] : (p.x as { categories: string[] }).categories;
  const times = isTime ? (p.x as { time: number[] }).time : [];
  const step = p.step ?? 86_400;
  const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: `11px ${token('--font-sans')}` };
  return {
    width,
    height: p.height ?? 220,
    legend: { show: p.series.length > 1 },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: isTime
        ? { time: true, range: () => [Math.min(...times) - step / 2, Math.max(...times) + step / 2] }
        : { time: false, range: () => [-0.5, n - 0.5] },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      isTime ? axis : { ...axis, splits: () => names.map((_, i) => i), values: (_u, splits) => splits.map((i) => shorten(names[i] ?? '')) },
      { ...axis, size: 64, values: (_u, splits) => splits.map((v) => p.format(v, splits.length > 1 ? Math.abs(splits[1]! - splits[0]!) : undefined)) },
    ],
    series: [
      {},
      ...p.series.map((s) => {
        const color = token(s.color);
        return {
          label: s.label,
          stroke: color,
          width: p.kind === 'lines' ? 2 : 0,
          fill: p.kind === 'bars' ? color : undefined,
          points: { show: p.kind === 'lines', size: 6, fill: color },
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : p.format(v)),
          paths: p.kind === 'bars' ? uPlot.paths.bars!({ size: [0.6, 48] }) : undefined,
        } satisfies uPlot.Series;
      }),
    ],
  };
}

/** The applied theme (`data-theme` on <html>): the colours are read from tokens, so a change redraws. */
function useAppliedTheme(): string {
  return useSyncExternalStore(
    (fn) => {
      const watch = new MutationObserver(fn);
      watch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      return () => watch.disconnect();
    },
    () => document.documentElement.dataset.theme ?? '',
  );
}

const shorten = (s: string) => (s.length > 18 ? `${s.slice(0, 17)}…` : s);

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useAppliedTheme();
  const { x, series } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = 'time' in x ? x.time : x.categories.map((_, i) => i);
    const plot = new uPlot(options(props, el.clientWidth || 600), [xs, ...series.map((s) => s.values)], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: props.height ?? 220 }));
    resize.observe(el);
    return () => (resize.disconnect(), plot.destroy());
    // Rebuilt when the data, the theme or the shape changes; `props` holds nothing else that matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [x, series, theme, props.kind, props.height]);
  return (
    <figure className="chart">
      <figcaption className="chart-caption">{props.label}</figcaption>
      <div ref={box} className="chart-canvas" role="img" aria-label={props.label} />
    </figure>
  );
}
