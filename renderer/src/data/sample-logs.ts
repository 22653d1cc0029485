// The three sample logs (resources/samples, made by test/support/make-samples.ts), bundled as text in
// their own chunk: loaded only when someone opens them.
import coding from '../../../resources/samples/coding-session.jsonl?raw';
import compaction from '../../../resources/samples/compaction.jsonl?raw';
import errors from '../../../resources/samples/model-errors.jsonl?raw';

export const SAMPLE_LOGS = [
  { title: 'Sample: a coding session with approvals', jsonl: coding },
  { title: 'Sample: a long session that compacts its context', jsonl: compaction },
  { title: 'Sample: a flaky model, retried', jsonl: errors },
] as const;
