// A scripted, protocol-faithful Messages API server for the brain's tests, benchmarks and demos.
export { startScriptedModel, type ScriptedModel, type ScriptedModelOptions } from './server.ts';
export { estimateInputTokens, lastToolResults, type RecordedRequest } from './request.ts';
export * from './turns.ts';
