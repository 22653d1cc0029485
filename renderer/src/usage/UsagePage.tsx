// Usage and cost: tokens (input, output, cache read and write) and estimated list cost over time, per
// agent and per session, from every session's model requests. Every figure says it is an estimate,
// with the date of the price table it comes from.
import { useMemo, useState } from 'react';
import { Banner, EmptyState, ErrorState, LoadingState, PageBody, PageHeader, Section, Select, UsageIcon, formatCount, formatTokens, formatUsd } from '../ui/index.ts';
import { Chart, type ChartProps } from '../ui/Chart.tsx';
import { modelName, useUsageReport, type UsageReport } from '../data/index.ts';
import { href } from '../app/routes.ts';
import './usage.css';

type Range = '24h' | '7d' | '30d' | 'all';
const RANGES: { value: Range; label: string }[] = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'all', label: 'All time' },
];
const HOUR = 3_600_000;

/** The range's start, on a bucket boundary (so the query stays the same while the screen is open). */
function query(range: Range): { since?: string; bucket: 'day' | 'hour' } {
  if (range === 'all') return { bucket: 'day' };
  const hours = range === '24h' ? 24 : range === '7d' ? 24 * 7 : 24 * 30;
  const bucketMs = range === '24h' ? HOUR : 24 * HOUR;
  const since = Math.floor((Date.now() - hours * HOUR) / bucketMs) * bucketMs;
  return { since: new Date(since).toISOString(), bucket: range === '24h' ? 'hour' : 'day' };
}

const TOP = 10;
/** Dollars; axis ticks closer than a cent get the decimals that tell them apart. */
const usd = (v: number, step?: number) => (step && step < 0.01 ? `$${v.toFixed(Math.ceil(-Math.log10(step)))}` : formatUsd(v));
const cacheWrite = (f: UsageReport['totals']) => f.cache_creation_input_tokens;

function Totals({ t }: { t: UsageReport['totals'] }) {
  const items = [
    { label: 'Estimated cost', value: formatUsd(t.estimated_cost_usd) },
    { label: 'Input tokens', value: formatTokens(t.input_tokens) },
    { label: 'Output tokens', value: formatTokens(t.output_tokens) },
    { label: 'Cache read', value: formatTokens(t.cache_read_input_tokens) },
    { label: 'Cache write', value: formatTokens(cacheWrite(t)) },
    { label: 'Model requests', value: formatCount(t.model_requests) },
  ];
  return (
    <dl className="usage-totals">
      {items.map((i) => (
        <div key={i.label} className="usage-total">
          <dt>{i.label}</dt>
          <dd className="tabular">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function OverTime({ report }: { report: UsageReport }) {
  const unit = report.bucket === 'day' ? 'day' : 'hour';
  const charts = useMemo(() => {
    const step = report.bucket === 'day' ? 86_400 : 3_600;
    // Each point in the middle of its bucket.
    const x = { time: report.series.map((p) => Date.parse(p.start) / 1000 + step / 2) };
    const cost: ChartProps = { label: `Estimated cost per ${unit} (USD, UTC)`, x, step, kind: 'bars', format: usd, series: [{ label: 'Estimated cost', color: '--accent', values: report.series.map((p) => p.estimated_cost_usd) }] };
    const tokens: ChartProps = {
      label: `Tokens per ${unit} (UTC)`,
      x,
      step,
      kind: 'lines',
      format: formatTokens,
      series: [
        { label: 'Input', color: '--accent', values: report.series.map((p) => p.input_tokens) },
        { label: 'Output', color: '--info', values: report.series.map((p) => p.output_tokens) },
        { label: 'Cache read', color: '--success', values: report.series.map((p) => p.cache_read_input_tokens) },
        { label: 'Cache write', color: '--warning', values: report.series.map(cacheWrite) },
      ],
    };
    return { cost, tokens };
  }, [report, unit]);
  return (
    <Section title="Over time" description={`Each ${unit} by when its model requests ended.`}>
      <div className="usage-charts">
        <Chart {...charts.cost} />
        <Chart {...charts.tokens} />
      </div>
    </Section>
  );
}

/** A bar chart of the top rows' cost, then every row in a table with all its figures. */
function Breakdown<R extends UsageReport['totals']>({ title, description, rows, name, link, extra }: { title: string; description: string; rows: R[]; name: (r: R) => string; link: (r: R) => string; extra: { header: string; cell: (r: R) => string } }) {
  const chart = useMemo<ChartProps>(() => {
    const top = rows.slice(0, TOP);
    return { label: `Estimated cost per ${title.toLowerCase().replace(/^per /, '')} (USD), top ${Math.min(TOP, rows.length)}`, x: { categories: top.map(name) }, kind: 'bars', format: usd, series: [{ label: 'Estimated cost', color: '--accent', values: top.map((r) => r.estimated_cost_usd) }] };
  }, [rows, name, title]);
  return (
    <Section title={title} description={description}>
      <Chart {...chart} height={200} />
      <div className="usage-table-wrap">
        <table className="usage-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">{extra.header}</th>
              <th scope="col" className="num">Input</th>
              <th scope="col" className="num">Output</th>
              <th scope="col" className="num">Cache read</th>
              <th scope="col" className="num">Cache write</th>
              <th scope="col" className="num">Requests</th>
              <th scope="col" className="num">Est. cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={link(r)}>
                <th scope="row">
                  <a href={link(r)} className="truncate">
                    {name(r)}
                  </a>
                </th>
                <td>{extra.cell(r)}</td>
                <td className="num tabular">{formatTokens(r.input_tokens)}</td>
                <td className="num tabular">{formatTokens(r.output_tokens)}</td>
                <td className="num tabular">{formatTokens(r.cache_read_input_tokens)}</td>
                <td className="num tabular">{formatTokens(cacheWrite(r))}</td>
                <td className="num tabular">{formatCount(r.model_requests)}</td>
                <td className="num tabular">{formatUsd(r.estimated_cost_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

const agentName = (a: UsageReport['agents'][number]) => a.name;
const agentLink = (a: UsageReport['agents'][number]) => href.agent(a.agent_id);
const sessionName = (s: UsageReport['sessions'][number]) => s.title || s.session_id;
const sessionLink = (s: UsageReport['sessions'][number]) => href.session(s.session_id);

export function UsagePage() {
  const [range, setRange] = useState<Range>('30d');
  const q = useMemo(() => query(range), [range]);
  const { report, error } = useUsageReport(q);
  const estimate = report && (
    <>
      Figures are <strong>estimates</strong> at list prices from the price table dated <time dateTime={report.prices.date}>{report.prices.date}</time>; your bill may differ.
    </>
  );
  return (
    <div className="page">
      <PageHeader
        title="Usage"
        description={estimate ?? 'Tokens and estimated cost of every session’s model requests.'}
        actions={<Select label="Range" size="sm" value={range} onChange={setRange} options={RANGES} />}
      />
      <PageBody>
        {error && !report ? (
          <ErrorState title="Could not read usage" message={error.message} />
        ) : !report ? (
          <LoadingState label="Adding up usage…" />
        ) : report.totals.model_requests === 0 ? (
          <EmptyState icon={UsageIcon} title="No model requests in this range">
            Tokens and costs appear here as sessions talk to the model. Pick a longer range, or start a session.
          </EmptyState>
        ) : (
          <>
            <Totals t={report.totals} />
            {report.totals.unpriced_tokens > 0 && (
              <Banner tone="warning" title="Some tokens have no price">
                {formatTokens(report.totals.unpriced_tokens)} tokens came from models the price table does not list; they are not in the estimate.
              </Banner>
            )}
            <p className="muted usage-note">
              Each model request counts once: imported logs are left out (their tokens were spent where they were recorded), and a fork counts from the event
              it was forked at. {report.prices.note}
            </p>
            <OverTime report={report} />
            <Breakdown title="Per agent" description="Every version of an agent together, most expensive first." rows={report.agents} name={agentName} link={agentLink} extra={{ header: 'Sessions', cell: (a) => formatCount(a.sessions) }} />
            <Breakdown
              title="Per session"
              description={report.sessions_total > report.sessions.length ? `The ${report.sessions.length} most expensive of ${formatCount(report.sessions_total)} sessions.` : 'Most expensive first.'}
              rows={report.sessions}
              name={sessionName}
              link={sessionLink}
              extra={{ header: 'Model', cell: (s) => modelName(s.model) }}
            />
          </>
        )}
      </PageBody>
    </div>
  );
}
